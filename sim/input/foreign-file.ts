/**
 * Files that are not what poq-sim expected (a binary, a Markdown page, a
 * JSON document of another kind, a text file that is not YAML) are named
 * for what they are, in one line, and never quoted: a few bytes of an
 * executable or a line of a README teach the user nothing and can fill a
 * terminal.
 */

/** What a file was expected to hold, e.g. "a scenario" or "a calibration profile". */
export type Expected = string;

/** Byte offset of the first NUL byte or invalid UTF-8 sequence, and which; undefined for UTF-8 text. */
export function binaryByte(bytes: Uint8Array): { offset: number; what: string } | undefined {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { offset: nul, what: 'a NUL byte' };
  const invalid = invalidUtf8(bytes);
  return invalid === undefined ? undefined : { offset: invalid, what: 'a byte that is not UTF-8' };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function invalidUtf8(bytes: Uint8Array): number | undefined {
  // ASCII is the common case: skip it fast before decoding sequences.
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > n) return i;
    const second = bytes[i + 1]!;
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let j = 2; j < length; j++) if ((bytes[i + j]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return undefined;
}

/**
 * What a text file that failed to parse (or parsed as something other than
 * a mapping) most likely is, from how it is written. YAML comments look like
 * Markdown headings, so a heading alone is not enough: Markdown also has
 * code fences, tables or links.
 */
export function textKind(text: string): string {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (/^<(!doctype html|html[\s>]|\?xml)/i.test(start)) return /^<\?xml/i.test(start) ? 'an XML document' : 'an HTML document';
  if (start.startsWith('{') || start.startsWith('[')) return 'a JSON document';
  const sample = text.slice(0, 65_536);
  const fence = /^(```|~~~)/m.test(sample);
  const table = /^\s*\|?\s*:?-{3,}:?\s*\|/m.test(sample);
  const heading = /^#{1,6} +\S/m.test(sample);
  const link = /\[[^\]\n]+\]\([^)\s]+\)/.test(sample);
  if (fence || table || (heading && link)) return 'a Markdown document';
  return 'a text file';
}

/** A YAML parser message without the text it quotes: "Unexpected scalar token in YAML stream: "…"" → its first part. */
export function conciseYamlMessage(message: string): string {
  let text = message.split('\n')[0]!;
  const at = text.indexOf(' at line ');
  if (at >= 0) text = text.slice(0, at);
  const quote = text.search(/: ["'`]|^Not a YAML token: |includes extra characters: /);
  if (quote > 0) text = text.slice(0, quote);
  else if (text.startsWith('Not a YAML token')) text = 'Not a YAML token';
  if (text.length > 120) text = `${text.slice(0, 117)}…`;
  return text.trim();
}
