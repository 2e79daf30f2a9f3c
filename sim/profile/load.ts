/**
 * Finds, parses and validates a calibration profile. A profile is either a
 * YAML file or a folder holding `profile.yaml` (beside any measured samples
 * or notes it ships with); a bare name refers to a shipped profile under
 * calibration/profiles/.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { expectDocumentKind } from '../input/document-kind.js';
import { InputError } from '../input/input-error.js';
import { packageRoot } from '../package-info.js';
import { validateSource } from '../input/validate.js';
import { YamlSource } from '../input/yaml-source.js';
import { profileFileHash, shippedProfile } from './shipped-profiles.js';
import { type Profile, PROFILE_RENAMED_FIELDS, ProfileSchema } from './schema.js';

export interface LoadedProfile {
  readonly profile: Profile;
  readonly file: string;
  /** SHA-256 of the profile file's bytes. */
  readonly hash: string;
}

/** The shipped calibration/profiles folder. */
export function shippedProfilesDirectory(): string {
  return join(packageRoot(), 'calibration', 'profiles');
}

/**
 * Resolves a profile reference: a path (relative to `baseDirectory`) to a
 * file or folder, or the name of a shipped profile. Returns undefined when
 * nothing matches.
 */
export function resolveProfilePath(reference: string, baseDirectory: string): string | undefined {
  const candidates = isAbsolute(reference)
    ? [reference]
    : [resolve(baseDirectory, reference), ...(/^[\w.-]+$/.test(reference) ? [join(shippedProfilesDirectory(), reference)] : [])];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    if (statSync(candidate).isDirectory()) {
      const file = join(candidate, 'profile.yaml');
      if (existsSync(file)) return file;
      continue;
    }
    return candidate;
  }
  return undefined;
}

export function loadProfileFile(file: string, label = file): LoadedProfile {
  const shipped = shippedProfile(file);
  if (shipped) return { ...shipped, file };
  const profile = parseProfileFile(file, label);
  return { profile, file, hash: profileFileHash(file) };
}

/** Parses and validates a profile file (what the build does once for the shipped ones). */
export function parseProfileFile(file: string, label = file): Profile {
  const source = YamlSource.fromFile(file, label, { expected: 'a calibration profile' });
  expectDocumentKind(source, 'profile');
  return validateSource(ProfileSchema, source, 'a calibration profile', PROFILE_RENAMED_FIELDS);
}

export function loadProfile(reference: string, baseDirectory = process.cwd()): LoadedProfile {
  const file = resolveProfilePath(reference, baseDirectory);
  if (!file) {
    throw new InputError({ file: reference, path: '', message: 'no such calibration profile (file, folder or shipped name)' });
  }
  return loadProfileFile(file);
}
