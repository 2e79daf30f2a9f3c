/**
 * The shipped profiles the build parses once (sim/profile/shipped-profiles.ts):
 * each entry is what the loader makes of its file, and the built loader
 * serves an entry only for a file byte for byte the one it was parsed from.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfileFile, shippedProfilesDirectory } from '../../sim/profile/load.js';
import { readShippedProfiles, shippedProfilesFile } from '../../sim/profile/shipped-profiles.js';
import { ROOT } from '../helpers.js';

const shipped = readdirSync(shippedProfilesDirectory()).map((name) => join(shippedProfilesDirectory(), name, 'profile.yaml'));
const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The loader as built: code run from the sources never reads the build's entries. */
const built = (await import(
  join(ROOT, 'dist', 'sim', 'profile', 'shipped-profiles.js')
)) as typeof import('../../sim/profile/shipped-profiles.js');

describe('the shipped profiles parsed by the build', () => {
  it('hold every shipped profile, each equal to a fresh parse of its file', () => {
    const entries = readShippedProfiles(shippedProfilesFile());
    expect(Object.keys(entries).sort()).toEqual(shipped.map(hashOf).sort());
    for (const file of shipped) {
      const entry = entries[hashOf(file)]!;
      expect(entry.bytes, file).toBe(readFileSync(file).length);
      expect(entry.profile, file).toStrictEqual(parseProfileFile(file));
    }
  });

  it('are served for a copy of a shipped file, never for a file that differs in a byte or cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-shipped-profiles-'));
    const paper = join(shippedProfilesDirectory(), 'paper-rtx4090', 'profile.yaml');
    const copy = join(dir, 'copy.yaml');
    copyFileSync(paper, copy);
    expect(built.shippedProfile(copy)?.hash).toBe(hashOf(paper));
    const text = readFileSync(paper, 'utf8');
    const edited = join(dir, 'edited.yaml');
    const digit = text.search(/\d/);
    writeFileSync(edited, `${text.slice(0, digit)}${text[digit] === '9' ? '8' : '9'}${text.slice(digit + 1)}`);
    expect(readFileSync(edited).length).toBe(readFileSync(paper).length);
    expect(built.shippedProfile(edited)).toBeUndefined();
    expect(built.shippedProfile(join(dir, 'missing.yaml'))).toBeUndefined();
  });

  it('are none when the build wrote a damaged file: every profile is then parsed from its file', () => {
    const damaged = join(mkdtempSync(join(tmpdir(), 'poq-shipped-profiles-')), 'shipped-profiles.json');
    writeFileSync(damaged, '{"truncated": ');
    expect(readShippedProfiles(damaged)).toEqual({});
    expect(readShippedProfiles(join(damaged, '..', 'missing.json'))).toEqual({});
  });
});
