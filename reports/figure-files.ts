/**
 * What a re-render keeps of the previous figures/ folder. `--formats png`
 * renders PNGs only, but the SVGs and PDFs of the last full render are
 * still the figures a reader downloads: they are carried over, and marked
 * stale when the figure's Vega-Lite spec changed since (they no longer show
 * what the spec says), so the reports link only files that match. A file
 * poq-sim did not write (one a user put in figures/) is always carried
 * over; the files of a figure no longer drawn are poq-sim's and are not.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

export type FigureFormat = 'svg' | 'png' | 'pdf';

/** The renderings a figure can have, in the order reports list them. */
export const FIGURE_FORMATS: readonly FigureFormat[] = ['svg', 'png', 'pdf'];

/** Which renderings of a figure are on disk: current (drawn from its spec as written now) or stale (from an earlier spec). */
export interface FigureFiles {
  readonly current: readonly FigureFormat[];
  readonly stale: readonly FigureFormat[];
}

/** What the previous figures.json says: the figures poq-sim drew, and which of their files were already stale. */
interface PreviousIndex {
  readonly ids: ReadonlySet<string>;
  readonly stale: ReadonlyMap<string, ReadonlySet<string>>;
}

const IndexSchema = z.looseObject({
  figures: z.array(z.looseObject({ id: z.string(), stale: z.array(z.string()).optional() })),
  skipped: z.array(z.looseObject({ id: z.string() })).optional(),
});

/** The previous figures.json, or null without one (or one poq-sim cannot read: then every file is treated as a user's). */
function readPreviousIndex(figuresDir: string): PreviousIndex | null {
  const file = join(figuresDir, 'figures.json');
  if (!existsSync(file)) return null;
  let parsed: z.infer<typeof IndexSchema>;
  try {
    parsed = IndexSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
  return {
    ids: new Set(parsed.figures.map((f) => f.id)),
    stale: new Map(parsed.figures.map((f) => [f.id, new Set(f.stale ?? [])])),
  };
}

const FILE_OF_A_FIGURE = /^(.+)\.(vl\.json|svg|png|pdf)$/;

/**
 * Copies into `stagedDir` what the new figures/ keeps of the old one
 * (`oldDir`): the renderings of figures drawn again in formats not rendered
 * this time, and every file poq-sim did not write. Copies rather than moves,
 * so a failure before the swap leaves the previous report whole. Returns
 * each drawn figure's current and stale renderings.
 */
export function carryOverFigures(
  oldDir: string,
  stagedDir: string,
  drawn: readonly string[],
  rendered: ReadonlySet<FigureFormat>,
): Map<string, FigureFiles> {
  const files = new Map<string, FigureFiles>(
    drawn.map((id) => [id, { current: FIGURE_FORMATS.filter((f) => rendered.has(f)), stale: [] }]),
  );
  if (!existsSync(oldDir)) return files;
  const previous = readPreviousIndex(oldDir);
  const staged = new Set(readdirSync(stagedDir));
  for (const name of readdirSync(oldDir).sort()) {
    if (staged.has(name) || name === 'figures.json') continue;
    const match = FILE_OF_A_FIGURE.exec(name);
    const [id, ext] = match ? [match[1]!, match[2]!] : ['', ''];
    const entry = files.get(id);
    if (entry && ext !== 'vl.json') {
      const format = ext as FigureFormat;
      const current = sameSpec(oldDir, stagedDir, id) && !(previous?.stale.get(id)?.has(format) ?? false);
      files.set(id, withFormat(entry, format, current));
    } else if (match && (entry || previous?.ids.has(id))) {
      continue; // the old spec of a figure drawn again, or a file of a figure no longer drawn: poq-sim's own
    }
    cpSync(join(oldDir, name), join(stagedDir, name), { recursive: true, preserveTimestamps: true });
  }
  return files;
}

/** Whether the figure's old spec is byte for byte the one just written: then its old renderings still show it. */
function sameSpec(oldDir: string, stagedDir: string, id: string): boolean {
  const old = join(oldDir, `${id}.vl.json`);
  return existsSync(old) && readFileSync(old).equals(readFileSync(join(stagedDir, `${id}.vl.json`)));
}

function withFormat(files: FigureFiles, format: FigureFormat, current: boolean): FigureFiles {
  const add = (list: readonly FigureFormat[]) => FIGURE_FORMATS.filter((f) => f === format || list.includes(f));
  return current ? { current: add(files.current), stale: files.stale } : { current: files.current, stale: add(files.stale) };
}
