/**
 * Text broken into lines that fit a width, measured in DejaVu Sans as the
 * figures are drawn: for labels that must be read whole (facet headers),
 * never cut with "…". Lines break at spaces; a word wider than the line
 * breaks after a "-" or ","; only a run with neither is broken between
 * letters, so that nothing is ever lost.
 */
import { textWidth } from './text-metrics.js';

/** The pieces a word may break into: each ends with its "-" or ",". */
function breakable(word: string): string[] {
  return word.match(/[^-,]+[-,]*|[-,]+/g) ?? [word];
}

/** A run with no break point, split between letters into pieces that fit. */
function byLetters(run: string, width: number, fontSize: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const letter of run) {
    if (piece !== '' && textWidth(piece + letter, fontSize) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += letter;
  }
  return piece === '' ? pieces : [...pieces, piece];
}

/** A word as pieces no wider than the line, joined greedily so that as few breaks as possible are made. */
function wordPieces(word: string, width: number, fontSize: number): string[] {
  if (textWidth(word, fontSize) <= width) return [word];
  const parts = breakable(word).flatMap((part) => (textWidth(part, fontSize) <= width ? [part] : byLetters(part, width, fontSize)));
  const pieces: string[] = [];
  for (const part of parts) {
    const last = pieces.length - 1;
    if (last >= 0 && textWidth(pieces[last]! + part, fontSize) <= width) pieces[last] += part;
    else pieces.push(part);
  }
  return pieces;
}

/**
 * `text` as lines no wider than `width` points at `fontSize`, every
 * character kept (the spaces at breaks aside). Greedy: each line takes as
 * many words as fit.
 */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    for (const piece of wordPieces(word, width, fontSize)) {
      const joined = line === '' ? piece : `${line} ${piece}`;
      // Two pieces of one word never meet on a line: together they were too wide already.
      if (line === '' || textWidth(joined, fontSize) <= width) line = joined;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  return line === '' ? lines : [...lines, line];
}
