/**
 * Tests that need something from outside npm (Chromium, pdftotext,
 * redis-server, python3 with SimPy, the DejaVu Sans font files) ask for it
 * here, so that `npm test` passes on a machine with only Node. On a
 * machine without it they are skipped with one visible line naming the
 * Debian package; `.ci/run` installs every one, so CI runs them all. Under
 * CI (CI=true, as `.ci/run` runs) a missing one is an error, not a skip: a
 * failed install must not pass as a green run that skipped its tests.
 */
import { spawnSync } from 'node:child_process';
import { fontFiles, MissingFontError } from '../reports/style/fonts.js';

const found = new Map<string, boolean>();
const said = new Set<string>();

/** CI sets CI=true (so do most CI services). */
const underCi = () => ['true', '1'].includes((process.env['CI'] ?? '').toLowerCase());

/**
 * Whether `available()` holds, asked once per `key` in a test file. When it
 * does not, prints one line (once per test file and `what`) saying what is
 * skipped, what it needs and which Debian package provides it.
 */
function hasSystemPackage(key: string, needs: string, debianPackage: string, what: string, available: () => boolean): boolean {
  let ok = found.get(key);
  if (ok === undefined) {
    ok = available();
    found.set(key, ok);
  }
  if (!ok && underCi())
    throw new Error(
      `CI runs every test, but ${what} needs ${needs} (Debian package ${debianPackage}), which .ci/run should have installed`,
    );
  const line = `skipped: ${what} needs ${needs} (Debian package ${debianPackage}; .ci/run installs it)`;
  if (!ok && !said.has(line)) {
    said.add(line);
    console.warn(line);
  }
  return ok;
}

/** One word of a probe's command line, quoted when a shell would need it (`-c 'import simpy'`). */
const shellWord = (word: string) => (/^[\w./=:-]+$/.test(word) ? word : `'${word}'`);

/**
 * Whether `command args…` runs and exits 0 (`--version` by default; poppler's
 * tools want `-v`). A program that is missing, or a stand-in that exits 127,
 * counts as absent. The line printed names the program, or the whole probe
 * when it asks more than a version (`python3 -c 'import simpy'`).
 */
export function hasSystemProgram(command: string, debianPackage: string, what: string, args: readonly string[] = ['--version']): boolean {
  const probe = [command, ...args];
  const versionOnly = args.length === 1 && args[0]!.startsWith('-');
  const needs = versionOnly ? command : `\`${probe.map(shellWord).join(' ')}\``;
  return hasSystemPackage(
    probe.join('\u0000'),
    needs,
    debianPackage,
    what,
    () => spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 }).status === 0,
  );
}

/**
 * Whether DejaVu Sans is where reports/style/fonts.ts looks for it
 * (POQ_SIM_FONT_DIR, then the usual font folders): every figure is drawn
 * and measured with it, so without it nothing is rendered.
 */
export function hasReportFonts(what: string): boolean {
  return hasSystemPackage('fonts', 'the DejaVu Sans font', 'fonts-dejavu-core', what, () => {
    try {
      fontFiles();
      return true;
    } catch (error) {
      if (error instanceof MissingFontError) return false;
      throw error;
    }
  });
}
