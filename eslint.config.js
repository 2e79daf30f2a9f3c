// @ts-check
/**
 * ESLint for the whole tree: typescript-eslint's recommended rules with type
 * information, a few more that catch real faults, and eslint-config-prettier
 * last, so that layout is Prettier's alone (`npm run lint` runs both).
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Build output, generated files (the JSON schema is written by `npm run schema`), results and measured profiles.
  globalIgnores(['dist/', 'node_modules/', 'schema/', 'results/', 'calibration/profiles/', '.vitest-output/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // `typeof import('./program.js')` is allowed: the CLI entry point loads the program lazily to report load faults.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/consistent-type-exports': 'error',
      // A switch over a union without a `default` must name every member: a new distribution or behaviour kind is not silently ignored.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `return promise` inside try/catch skips the catch; awaiting there is required.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/no-deprecated': 'error',
      // `{}` is what `unknown` becomes after a null check; String() of it is the deliberate conversion of a table cell or label.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', '{}'] }],
      // Passing a caught error on unchanged (it may be an EnvironmentFault or anything a worker threw) is correct.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Off: an async method implementing a Promise-returning interface needs no await, and dropping `async` would make its throws synchronous.
      '@typescript-eslint/require-await': 'off',
      // zod's `z` export is one object holding all of zod: the CLI's bundle (sim/cli/bundle.ts) keeps only the parts a
      // namespace import uses, a fifth of it, and loads that much less at every start.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as a namespace: import * as z from 'zod'.",
        },
      ],
      // Not enabled, on purpose: no-non-null-assertion (with noUncheckedIndexedAccess the hot path indexes typed arrays with `!` by
      // design), no-self-compare (`x !== x` is the hot path's NaN check), no-unnecessary-condition (it cannot see fields changed
      // across an `await`, and flags defensive checks on values from untyped libraries).
    },
  },
  {
    // Tests read the JSON files the CLI wrote and assert on their fields (and the HTML report test runs code in the browser, whose
    // DOM types are not in `lib`); typing every JSON.parse would add casts, not checks.
    files: ['test/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
