import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { ResolvedProfile } from '../select/resolve-profile.ts';
import type { Selection } from '../select/select-profile.ts';
import type { ProfileDefinition } from '../config/codex-config.ts';
import { type CodexArgsShape, withoutProfileOption } from './codex-args.ts';
import type { Finding } from './finding.ts';
import { nearestName } from '../nearest-name.ts';
import { legacyOverrides } from './legacy-overrides.ts';

export interface Placement {
  args: string[];
  findings: Finding[];
  refusal: CxError | null;
}

function refuse(args: readonly string[], findings: Finding[], code: string, message: string, hint: string): Placement {
  findings.push({ level: 'error', code, message, fix: hint });
  return { args: [...args], findings, refusal: new CxError(message, EXIT.config, hint) };
}

/** How `name` is written where the selection came from, for a did-you-mean. */
function selectedAs(source: Selection['source'], name: string): string {
  switch (source) {
    case 'flag':
      return `-p ${name}`;
    case 'env:CX_PROFILE':
    case 'env:CODEX_PROFILE':
      return `${source.slice(4)}=${name}`;
    case 'default':
      return `default_profile = "${name}"`;
    case 'rule':
      return `profile = "${name}" in the rule`;
    default:
      return `cx +${name} …`;
  }
}

/** A legacy table's settings as `-c` overrides in front of `args`, with an info finding saying so. */
function applyLegacy(args: readonly string[], findings: Finding[], name: string, definition: ProfileDefinition, note: { code: string; message: string; fix?: string }): Placement {
  const overrides = legacyOverrides(definition);
  if (overrides.unaddressable.length > 0) {
    return refuse(args, findings, 'legacy-profile-unaddressable', `legacy profile [profiles.${name}] at ${definition.at} has keys codex's -c cannot set: ${overrides.unaddressable.join(', ')}`, 'run `cx migrate --write` to move it into a profile file');
  }
  findings.push({ level: 'info', ...note });
  return { args: [...overrides.args, ...args], findings, refusal: null };
}

/**
 * Puts the selected profile in front of codex's arguments (root options, so the arguments
 * themselves stay byte for byte and in order): `-p NAME` for a profile file, `-c key=value` for
 * each setting of a legacy `[profiles.NAME]` table, which codex 0.169 refuses to select by name.
 * Nothing when the arguments already name a profile file or the command refuses -p; a `-p NAME`
 * in the arguments naming only a legacy table is applied like +NAME (the -p taken out). A profile
 * that exists nowhere is refused: codex would silently run without it.
 */
export function placeProfile(args: readonly string[], shape: CodexArgsShape, selection: Selection, resolved: ResolvedProfile): Placement {
  const findings: Finding[] = [];
  const name = selection.name;
  if (name === null) return { args: [...args], findings, refusal: null };
  if (selection.source !== 'flag' && !shape.acceptsProfile) {
    // An explicit +PROFILE that cannot apply deserves a warning; an ambient one is only noted.
    findings.push({
      level: selection.source === 'plus' ? 'warning' : 'info',
      code: 'profile-not-applicable',
      message: `profile ${name} (${selection.at ?? selection.source}) is not passed: \`codex ${shape.subcommand ?? ''}\` does not accept -p`,
    });
    return { args: [...args], findings, refusal: null };
  }
  if (resolved.kind === 'missing') {
    const existing = resolved.existing.length === 0 ? 'there are none' : `those that exist: ${resolved.existing.join(', ')}`;
    const meant = nearestName(name, resolved.existing);
    const fix = meant === null ? 'create it, or choose one that exists (`cx profiles`)' : `did you mean ${meant}? (${selectedAs(selection.source, meant)}); or create ${name}`;
    return refuse(args, findings, 'profile-missing', `profile ${name} (from ${selection.at ?? selection.source}) does not exist: no ${name}.config.toml and no [profiles.${name}] in codex's config; ${existing}`, fix);
  }
  if (resolved.kind === 'both') {
    return refuse(args, findings, 'profile-defined-twice', `profile ${name} is defined twice: ${resolved.file.at} and [profiles.${name}] at ${resolved.legacy.at}; codex refuses -p ${name} while the legacy table exists`, `remove one of them (\`cx migrate\` moves legacy tables into profile files)`);
  }

  if (selection.source === 'flag') {
    const shadowed = selection.steps.filter((step) => step.outcome === 'shadowed');
    if (shadowed.length > 0) {
      findings.push({ level: 'info', code: 'profile-flag-wins', message: `-p ${name} in the arguments wins over ${shadowed.map((s) => s.at ?? s.source).join(', ')}` });
    }
    if (resolved.kind === 'legacy') {
      // codex would exit 1 on this -p (the articles' `codex --profile bedrock …`): cx applies the
      // table as it applies +NAME, and takes the -p out.
      return applyLegacy(withoutProfileOption(args), findings, name, resolved.definition, {
        code: 'legacy-profile-applied',
        message: `-p ${name} names the legacy [profiles.${name}] table (${resolved.definition.at}), which codex refuses to select; cx applies its settings as -c overrides instead, as for +${name}, and leaves the -p out`,
        fix: `\`cx migrate --write\` moves it into ${name}.config.toml, which codex selects with -p ${name} itself`,
      });
    }
    return { args: [...args], findings, refusal: null };
  }

  if (resolved.kind === 'legacy') {
    return applyLegacy(args, findings, name, resolved.definition, {
      code: 'legacy-profile',
      message: `profile ${name} is a legacy [profiles.${name}] table (${resolved.definition.at}); cx passes its settings as -c overrides (\`cx migrate\` moves it into ${name}.config.toml)`,
    });
  }
  return { args: ['-p', name, ...args], findings, refusal: null };
}
