/**
 * PNGs written while the next figures are laid out: the same bytes as one
 * at a time, every file whole once finished() returns, and a failed write
 * thrown by finished() rather than left as an unhandled rejection.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PngWrites } from '../../reports/render/png-writes.js';
import { svgToPng } from '../../reports/render/render-figure.js';

const svg = (n: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><rect width="${10 + n}" height="20" fill="#336"/><text x="4" y="34" font-size="10">figure ${n}</text></svg>`;

describe('PNG writes in flight', () => {
  it('write each figure whole, as rendered alone, more of them than run at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-png-writes-'));
    const pngs = new PngWrites(72);
    for (let n = 0; n < 9; n++) await pngs.add(`f${n}`, svg(n), join(dir, `f${n}.png`));
    const times = await pngs.finished();
    expect([...times.keys()].sort()).toEqual(Array.from({ length: 9 }, (_, n) => `f${n}`).sort());
    for (let n = 0; n < 9; n++) expect(readFileSync(join(dir, `f${n}.png`)).equals(await svgToPng(svg(n), 72))).toBe(true);
  });

  it('throw a failed write from finished(), after the others are done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-png-writes-'));
    const pngs = new PngWrites(72);
    await pngs.add('ok', svg(1), join(dir, 'ok.png'));
    await pngs.add('lost', svg(2), join(dir, 'no-such-folder', 'lost.png'));
    await pngs.add('ok2', svg(3), join(dir, 'ok2.png'));
    await expect(pngs.finished()).rejects.toThrow(/ENOENT/);
    expect(readFileSync(join(dir, 'ok2.png')).length).toBeGreaterThan(0);
  });
});
