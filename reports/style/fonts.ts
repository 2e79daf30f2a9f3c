/**
 * The one font every figure is drawn, measured and embedded with: DejaVu
 * Sans, from the npm package dejavu-fonts-ttf (a dependency, so a machine
 * with only Node renders every figure, and every machine renders them from
 * the same font bytes), else from the system (Debian's fonts-dejavu-core).
 * Naming it everywhere (Vega-Lite config, resvg, the PDF) keeps PNG, SVG
 * and PDF alike; left to fallbacks, resvg picks a serif font or drops text
 * it cannot place.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FONT_FAMILY = 'DejaVu Sans';

export interface FontFiles {
  readonly regular: string;
  readonly bold: string;
}

/** The font files shipped with the npm package, if it is installed. */
function packagedFontDirectory(): string[] {
  try {
    return [join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')];
  } catch {
    return [];
  }
}

/** Where Debian (and most Linux distributions) install DejaVu; POQ_SIM_FONT_DIR overrides. */
const SYSTEM_DIRECTORIES = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/local/share/fonts',
  '/Library/Fonts',
];

let cached: FontFiles | undefined;

export class MissingFontError extends Error {}

export function fontFiles(): FontFiles {
  if (cached) return cached;
  const override = process.env['POQ_SIM_FONT_DIR'];
  const directories = [...(override ? [override] : []), ...packagedFontDirectory(), ...SYSTEM_DIRECTORIES];
  for (const directory of directories) {
    const regular = join(directory, 'DejaVuSans.ttf');
    const bold = join(directory, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) {
      cached = { regular, bold };
      return cached;
    }
  }
  throw new MissingFontError(
    `cannot find DejaVuSans.ttf and DejaVuSans-Bold.ttf (looked in ${directories.join(', ')}); ` +
      'reinstall poq-sim (its dependency dejavu-fonts-ttf ships them), install them (Debian: apt-get install fonts-dejavu-core), or set POQ_SIM_FONT_DIR to their folder',
  );
}
