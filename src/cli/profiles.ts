import { type CodexConfig, loadCodexConfig, profileNames } from '../config/codex-config.ts';
import type { CommandContext } from './command-context.ts';
import { effectiveSettings } from '../config/effective-settings.ts';
import type { Env } from '../config/home-dirs.ts';
import { isCxError } from '../cx-error.ts';
import { profilesWithOwnLogin } from '../credentials/profile-login-home.ts';
import { EXIT } from '../exit-status.ts';
import { resolveProfile } from '../select/resolve-profile.ts';
import type { Selection } from '../select/select-profile.ts';
import { printableLine } from './printable.ts';

/** One profile in `cx profiles --json` (`profiles[]`). */
export interface ProfileRow {
  name: string;
  kinds: ('file' | 'legacy')[];
  file: string | null;
  provider: string | null;
  model: string | null;
  region: string | null;
  selected: boolean;
  /** Whether it has a login of its own (`cx login +NAME`). */
  ownLogin: boolean;
  error: string | null;
}

function row(config: CodexConfig, env: Env, name: string, selected: string | null, ownLogin: boolean): ProfileRow {
  const base: ProfileRow = { name, selected: name === selected, ownLogin, kinds: [], file: null, provider: null, model: null, region: null, error: null };
  try {
    const resolved = resolveProfile(config, name);
    const definition = resolved.kind === 'file' || resolved.kind === 'legacy' ? resolved.definition : resolved.kind === 'both' ? resolved.file : null;
    const kinds: ('file' | 'legacy')[] = resolved.kind === 'both' ? ['file', 'legacy'] : definition ? [definition.kind] : [];
    const settings = effectiveSettings([config.base, definition?.data ?? {}], env);
    return {
      ...base,
      kinds,
      file: definition?.at ?? null,
      provider: settings.provider,
      model: settings.model,
      region: settings.region,
      error: resolved.kind === 'both' ? `defined twice (a file and [profiles.${name}]); codex refuses -p ${name}` : null,
    };
  } catch (error) {
    if (isCxError(error)) return { ...base, error: error.message };
    throw error;
  }
}

/** `cx profiles [--json]` as yargs parsed it (src/commands/profiles.ts), here. */
export function listProfiles(options: { json: boolean }, context: Pick<CommandContext, 'env' | 'selectionHere'>): number {
  const config = loadCodexConfig(context.env);
  return profilesCommand(options.json, context.env, config, context.selectionHere(profileNames(config)));
}

/** Every profile codex could be given, and the one selected here. */
export function profilesCommand(json: boolean, env: Env, config: CodexConfig, selection: Selection): number {
  const selected = selection.name;
  const names = profileNames(config);
  const own = new Set(profilesWithOwnLogin(env, config.home, names));
  const rows = names.map((name) => row(config, env, name, selected, own.has(name)));
  // A selected profile that exists nowhere is an error here as it is at launch.
  const missing = selected !== null && !rows.some((r) => r.name === selected);
  const status = missing || rows.some((r) => r.error !== null) ? EXIT.config : 0;
  if (json) {
    const document = {
      schemaVersion: 1,
      codexHome: config.home,
      selected: { name: selected, source: selection.source, at: selection.at, exists: !missing },
      profiles: rows,
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return status;
  }
  if (rows.length === 0) process.stdout.write(`no profiles in ${config.home}\n`);
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  for (const r of rows) {
    const what = r.error ?? [r.provider ?? 'openai', r.model ?? "codex's default model", r.region].filter(Boolean).join(', ');
    const kind = `${r.kinds.includes('legacy') ? ' [legacy table]' : ''}${r.ownLogin ? ' [own login]' : ''}`;
    process.stdout.write(`${printableLine(`${r.selected ? '*' : ' '} ${r.name.padEnd(width)}  ${what}${kind}`)}\n`);
  }
  process.stdout.write(`${printableLine(selected === null ? 'no profile is selected here (codex defaults)' : `* selected here by ${selection.at ?? selection.source}`)}\n`);
  if (missing) process.stdout.write(`${printableLine(`  but profile ${selected ?? ''} does not exist`)}\n`);
  return status;
}
