import { type CodexConfig, type ProfileDefinition, profileNames, readProfileFile } from '../config/codex-config.ts';

/** Where a selected profile's settings live, as codex 0.169 would (or would not) find them. */
export type ResolvedProfile =
  | { kind: 'none' }
  | { kind: 'file'; definition: ProfileDefinition }
  | { kind: 'legacy'; definition: ProfileDefinition }
  | { kind: 'missing'; name: string; existing: string[] }
  | { kind: 'both'; file: ProfileDefinition; legacy: ProfileDefinition };

export function resolveProfile(config: CodexConfig, name: string | null): ResolvedProfile {
  if (name === null) return { kind: 'none' };
  const file = readProfileFile(config, name);
  const legacy = config.legacy.get(name) ?? null;
  if (file && legacy) return { kind: 'both', file, legacy };
  if (file) return { kind: 'file', definition: file };
  if (legacy) return { kind: 'legacy', definition: legacy };
  return { kind: 'missing', name, existing: profileNames(config) };
}

/** The settings the profile contributes, or null when it contributes none. */
export function profileDefinition(resolved: ResolvedProfile): ProfileDefinition | null {
  if (resolved.kind === 'file' || resolved.kind === 'legacy') return resolved.definition;
  if (resolved.kind === 'both') return resolved.file;
  return null;
}
