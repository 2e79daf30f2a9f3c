/**
 * The shell commands the documentation shows a reader: those of README.md's
 * `sh` code blocks and those of each shipped scenario's header comment, read
 * as a shell would split them (a `\` at the end of a line continues it, a
 * quoted string may span lines, `#` outside quotes starts a comment). Only
 * that much of sh: the documents use no more, and a command this reading
 * gets wrong fails when it runs.
 */

/** One command as a reader would type it, with the comment written after it. */
export interface DocumentedCommand {
  /** The command, continuation lines joined, without its comment. */
  readonly text: string;
  /** The comment after it on its line(s) ('' if none): it may say what the command writes. */
  readonly comment: string;
  /** Where it starts: `README.md:64`. */
  readonly where: string;
}

/** A file a document shows whole and its commands refer to by name (README's `my-market.yaml`). */
export interface DocumentedFile {
  readonly name: string;
  readonly text: string;
}

interface Scan {
  text: string;
  comment: string;
  quote: '' | "'" | '"';
  startLine: number;
}

const atWordStart = (text: string) => text === '' || /\s$/.test(text);

/**
 * Splits a block of shell text into commands. `firstLine` is the block's first
 * line in its file, so that each command says where it was written.
 */
export function shellCommands(block: string, file: string, firstLine: number): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  const scan: Scan = { text: '', comment: '', quote: '', startLine: firstLine };
  let line = firstLine;
  const end = () => {
    if (scan.text.trim() !== '')
      commands.push({ text: scan.text.trim(), comment: scan.comment.trim(), where: `${file}:${scan.startLine}` });
    scan.text = '';
    scan.comment = '';
  };
  for (let i = 0; i < block.length; i++) {
    const c = block[i]!;
    if (c === '\n') line++;
    if (scan.text.trim() === '' && scan.comment === '') scan.startLine = line;
    if (scan.quote === "'") {
      if (c === "'") scan.quote = '';
      scan.text += c;
    } else if (c === '\\' && block[i + 1] === '\n') {
      i++; // a continuation line: the backslash and the newline go, as in sh
      line++;
    } else if (c === '\\' && i + 1 < block.length) {
      scan.text += c + block[++i]!;
    } else if (scan.quote === '"') {
      if (c === '"') scan.quote = '';
      scan.text += c;
    } else if (c === '#' && atWordStart(scan.text)) {
      const newline = block.indexOf('\n', i);
      const stop = newline < 0 ? block.length : newline;
      scan.comment += ` ${block.slice(i + 1, stop).trim()}`;
      i = stop - 1;
    } else if (c === '\n') {
      end();
    } else if (c === ' ' || c === '\t') {
      if (!atWordStart(scan.text)) scan.text += ' '; // runs of blanks outside quotes are one separator
    } else {
      if (c === "'" || c === '"') scan.quote = c;
      scan.text += c;
    }
  }
  if (scan.quote !== '') throw new Error(`${file}:${scan.startLine}: a quote opened here is never closed`);
  end();
  return commands;
}

/** Splits `a && b` into its commands (outside quotes), so that each part can be run, or replaced, on its own. */
export function andList(text: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '&' && text[i + 1] === '&') {
      parts.push(text.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

interface Fence {
  readonly language: string;
  readonly body: string;
  /** The line of the body's first line. */
  readonly line: number;
}

function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  const pattern = /^```(\w*)[^\n]*\n([\s\S]*?)^```/gm;
  for (let match = pattern.exec(markdown); match; match = pattern.exec(markdown)) {
    const line = markdown.slice(0, match.index).split('\n').length + 1;
    found.push({ language: match[1]!, body: match[2]!, line });
  }
  return found;
}

/** Every command of a Markdown file's `sh` (or `bash`, `shell`) code blocks, in order. */
export function markdownCommands(markdown: string, file: string): DocumentedCommand[] {
  return fences(markdown)
    .filter((fence) => ['sh', 'bash', 'shell'].includes(fence.language))
    .flatMap((fence) => shellCommands(fence.body, file, fence.line));
}

/**
 * The scenarios a Markdown file shows whole (`yaml` blocks with a top-level
 * `name:`), under the file name its commands use for them: `<name>.yaml`.
 */
export function markdownScenarios(markdown: string): DocumentedFile[] {
  return fences(markdown)
    .filter((fence) => fence.language === 'yaml')
    .flatMap((fence) => {
      const name = /^name:\s*([\w.-]+)/m.exec(fence.body)?.[1];
      return name ? [{ name: `${name}.yaml`, text: fence.body }] : [];
    });
}

/** A header line that starts a command: the scenario headers show `npx poq-sim …` (and `poq-sim …`, `npm …`) indented on their own line. */
const COMMAND_START = /^(npx |poq-sim |npm )/;

/**
 * The commands of a scenario's header comment (the `#` lines before the
 * first line of YAML): each line that starts with a command, and the
 * continuation lines after one that ends with `\`.
 */
export function headerCommands(yaml: string, file: string): DocumentedCommand[] {
  const lines = yaml.split('\n');
  const header = lines.slice(
    0,
    Math.max(
      0,
      lines.findIndex((text) => !text.startsWith('#')),
    ),
  );
  const commands: DocumentedCommand[] = [];
  for (let i = 0; i < header.length; i++) {
    const first = header[i]!.replace(/^#\s*/, '');
    if (!COMMAND_START.test(first)) continue;
    const parts = [first];
    while (parts.at(-1)!.endsWith('\\') && i + 1 < header.length) parts.push(header[++i]!.replace(/^#/, ''));
    commands.push(...shellCommands(parts.join('\n'), file, i + 2 - parts.length));
  }
  return commands;
}
