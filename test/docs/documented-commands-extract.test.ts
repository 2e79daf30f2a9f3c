/** How the documented-commands test reads commands out of Markdown and scenario headers. */
import { describe, expect, it } from 'vitest';
import { andList, headerCommands, markdownCommands, markdownScenarios, shellCommands } from './documented-commands.js';

describe('reading documented commands', () => {
  it('splits a block into commands, keeps each comment apart and says where each starts', () => {
    const commands = shellCommands('a one   # writes x/\n\n  b two\n# alone\nc', 'F.md', 10);
    expect(commands).toEqual([
      { text: 'a one', comment: 'writes x/', where: 'F.md:10' },
      { text: 'b two', comment: '', where: 'F.md:12' },
      { text: 'c', comment: '', where: 'F.md:14' },
    ]);
  });

  it('joins continuation lines and keeps a quoted string that spans lines', () => {
    const [joined, quoted] = shellCommands('x --a 1 \\\n    --b 2   # note\nq -c "select 1\n   from t # not a comment"\n', 'F.md', 1);
    expect(joined).toEqual({ text: 'x --a 1 --b 2', comment: 'note', where: 'F.md:1' });
    expect(quoted!.text).toBe('q -c "select 1\n   from t # not a comment"');
    expect(quoted!.where).toBe('F.md:3');
  });

  it('treats # inside a word or quotes as text, and fails on a quote never closed', () => {
    expect(shellCommands("echo a#b '#c'", 'F.md', 1)[0]!.text).toBe("echo a#b '#c'");
    expect(() => shellCommands('echo "open', 'F.md', 4)).toThrow('F.md:4: a quote opened here is never closed');
  });

  it('splits && lists outside quotes', () => {
    expect(andList('npm ci && npm start')).toEqual(['npm ci', 'npm start']);
    expect(andList('echo "a && b" && c')).toEqual(['echo "a && b"', 'c']);
  });

  it('reads sh blocks and named YAML blocks from Markdown, with their line numbers', () => {
    const markdown = [
      '# T',
      '```sh',
      'one',
      '```',
      '```yaml',
      'name: my-x',
      'seed: 1',
      '```',
      '```js',
      'not(this)',
      '```',
      '```sh',
      'two',
      '```',
    ].join('\n');
    expect(markdownCommands(markdown, 'R.md').map((c) => `${c.where} ${c.text}`)).toEqual(['R.md:3 one', 'R.md:13 two']);
    expect(markdownScenarios(markdown)).toEqual([{ name: 'my-x.yaml', text: 'name: my-x\nseed: 1\n' }]);
  });

  it('reads the commands of a scenario header, continuation lines included, and nothing after it', () => {
    const yaml = [
      '# Question: what?',
      '# with `poq-sim run` in prose',
      '#   npx poq-sim sweep s.yaml',
      '#   npx poq-sim break-even r --parameter p \\',
      '#       --metric m --by a,b',
      'name: s',
      '# npx poq-sim run not-a-header.yaml',
    ].join('\n');
    expect(headerCommands(yaml, 's.yaml')).toEqual([
      { text: 'npx poq-sim sweep s.yaml', comment: '', where: 's.yaml:3' },
      { text: 'npx poq-sim break-even r --parameter p --metric m --by a,b', comment: '', where: 's.yaml:4' },
    ]);
  });
});
