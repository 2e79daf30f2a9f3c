/**
 * The shipped profiles, parsed and validated once by the build: every
 * scenario that names one would otherwise spend tens of milliseconds
 * parsing its YAML at start-up (the yaml package reads about a megabyte a
 * second, and the paper's profile is 23 KB), a good part of a short run.
 * An entry is the loader's own output, keyed by the SHA-256 of the file it
 * was parsed from: a profile whose bytes differ in any way (edited, another
 * version) is parsed from its file as before. A test holds each entry equal
 * to a fresh parse of its file.
 *
 * Only the built code reads the entries: code run from its TypeScript
 * sources (the tests) may be newer than the last build that wrote them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-info.js';
import type { Profile } from './schema.js';

export interface ShippedProfile {
  /** The file's size, so that a file of another size is not read to be hashed. */
  readonly bytes: number;
  readonly profile: Profile;
}

export type ShippedProfiles = Readonly<Record<string, ShippedProfile>>;

/** SHA-256 of a profile file's bytes: what a loaded profile records, and the key of its entry here. */
export function profileFileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Written by the build (sim/cli/bundle.ts) beside the bundled CLI. */
export function shippedProfilesFile(): string {
  return join(packageRoot(), 'dist', 'cli', 'shipped-profiles.json');
}

/** The build's entries; none when the file is missing or unreadable (then every profile is parsed from its file). */
export function readShippedProfiles(file = shippedProfilesFile()): ShippedProfiles {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ShippedProfiles) : {};
  } catch {
    return {};
  }
}

const FROM_SOURCES = import.meta.url.endsWith('.ts');
let entries: ShippedProfiles | undefined;

/** The profile in `file` with its hash, when the file is byte for byte one the build parsed. */
export function shippedProfile(file: string): { profile: Profile; hash: string } | undefined {
  if (FROM_SOURCES) return undefined;
  entries ??= readShippedProfiles();
  let bytes: number;
  try {
    bytes = statSync(file).size;
  } catch {
    return undefined; // the loader says why it cannot read the file
  }
  if (!Object.values(entries).some((entry) => entry.bytes === bytes)) return undefined;
  const hash = profileFileHash(file);
  const entry = Object.hasOwn(entries, hash) ? entries[hash] : undefined;
  return entry ? { profile: entry.profile, hash } : undefined;
}

/** Parses every profile folder under `directory` with `parse` and writes them for shippedProfile(); returns how many. */
export function writeShippedProfiles(directory: string, parse: (file: string) => Profile): number {
  const written: Record<string, ShippedProfile> = {};
  for (const name of readdirSync(directory).sort()) {
    const file = join(directory, name, 'profile.yaml');
    if (!existsSync(file)) continue;
    written[profileFileHash(file)] = { bytes: statSync(file).size, profile: parse(file) };
  }
  writeFileSync(shippedProfilesFile(), `${JSON.stringify(written)}\n`);
  return Object.keys(written).length;
}
