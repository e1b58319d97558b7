// Which profiles exist, which one is selected here and why, and whether the .cxrc in effect is
// trusted. Pure: everything is read before (config-checks.ts, the plan).
import { type CodexConfig, profileNames } from '../config/codex-config.ts';
import type { Cxrc } from '../config/cxrc.ts';
import type { Selection, SelectionStep } from '../select/select-profile.ts';
import { type Check, cxCheck } from './check.ts';

export function profilesCheck(config: CodexConfig | null, ownLogins: readonly string[] = []): Check {
  if (config === null) return cxCheck('profiles', 'profiles', 'skipped', "not listed: codex's config did not load");
  const names = profileNames(config);
  if (names.length === 0) return cxCheck('profiles', 'profiles', 'ok', `no profiles in ${config.home}: codex runs with config.toml alone`);
  const legacy = [...config.legacy.keys()].sort();
  const twice = legacy.filter((name) => config.profileFiles.has(name));
  const details = { profiles: names, ...(legacy.length > 0 ? { 'legacy tables': legacy } : {}), ...(ownLogins.length > 0 ? { 'own login': [...ownLogins] } : {}) };
  const withLogins = ownLogins.length === 0 ? '' : ` (with a login of ${ownLogins.length === 1 ? 'its' : 'their'} own: ${ownLogins.join(', ')})`;
  const listed = `${names.length} profile${names.length === 1 ? '' : 's'}: ${names.join(', ')}${withLogins}`;
  if (twice.length > 0) {
    return cxCheck('profiles', 'profiles', 'warning', `${listed}; defined twice (a file and a [profiles.NAME] table): ${twice.join(', ')}, which codex refuses to select`, 'remove one of the two definitions (`cx migrate` shows how the table would move)', details);
  }
  if (legacy.length > 0) {
    return cxCheck('profiles', 'profiles', 'warning', `${listed}; legacy [profiles.NAME] tables in ${config.configPath}: ${legacy.join(', ')} (codex 0.169 refuses -p for them; cx passes them as -c overrides)`, 'run `cx migrate` to see them moved into NAME.config.toml files, then `cx migrate --write`', details);
  }
  return cxCheck('profiles', 'profiles', 'ok', listed, null, details);
}

function stepLine(step: SelectionStep): string {
  const value = step.value === null ? '-' : `${step.value} ${step.outcome}`;
  const at = step.at !== null && step.outcome !== 'unset' ? ` (${step.at})` : '';
  return `${step.source}: ${value}${at}${step.note === null ? '' : ` — ${step.note}`}`;
}

/** What is selected here and why: the selection's steps, in precedence order. */
export function selectionCheck(selection: Selection | null, profileFile: string | null, planError: string | null): Check {
  if (selection === null) return cxCheck('selection', 'profiles', 'skipped', `not decided: cx could not plan a launch here (${planError ?? 'see cx.plan'})`);
  const details = {
    source: selection.source,
    ...(selection.at === null ? {} : { at: selection.at }),
    ...(profileFile === null ? {} : { file: profileFile }),
    steps: selection.steps.map(stepLine),
  };
  if (selection.name === null) return cxCheck('selection', 'profiles', 'ok', "no profile selected here: codex's config.toml alone", null, details);
  return cxCheck('selection', 'profiles', 'ok', `profile ${selection.name}, selected by ${selection.at ?? selection.source}`, null, details);
}

/** Whether an untrusted .cxrc is what would have decided (nothing above it did). */
function wouldDecide(selection: Selection | null): boolean {
  if (selection === null) return true;
  const index = selection.steps.findIndex((s) => s.source === 'cxrc');
  const step = selection.steps[index];
  return step !== undefined && step.outcome === 'ignored' && !selection.steps.slice(0, index).some((s) => s.outcome === 'decided');
}

/**
 * The trust state of the nearest .cxrc. The profile it names is shown only when it exists
 * (`profiles`): a file from a repository is data, never a message.
 */
export function trustCheck(cxrcPath: string | null, cxrc: Cxrc | null, trusted: boolean, selection: Selection | null, profiles: readonly string[]): Check {
  if (cxrcPath === null) return cxCheck('trust', 'trust', 'ok', 'no .cxrc here or above: nothing to trust');
  if (cxrc === null) return cxCheck('trust', 'trust', 'skipped', `${cxrcPath} is not read (see cx.config.cxrc)`, null, { file: cxrcPath });
  const restrictions = cxrc.require === null ? '' : '; its [require] restrictions apply whether trusted or not';
  const named = cxrc.profile === null ? null : profiles.includes(cxrc.profile.value) ? cxrc.profile.value : null;
  const shown = named ?? 'a profile that does not exist (name not shown)';
  const details = { file: cxrc.path, trusted: String(trusted), ...(named === null ? {} : { profile: named }) };
  if (cxrc.profile === null) return cxCheck('trust', 'trust', 'ok', `${cxrc.path} selects no profile${restrictions}`, null, details);
  if (trusted) return cxCheck('trust', 'trust', named === null ? 'warning' : 'ok', `${cxrc.path} is trusted (selects ${named === null ? shown : `profile ${named}`})${restrictions}`, null, details);
  const remediation = `read it, then run \`cx trust ${cxrc.path}\``;
  if (!wouldDecide(selection)) {
    return cxCheck('trust', 'trust', 'ok', `${cxrc.path} is not trusted; it would select ${shown}, but ${selection?.at ?? selection?.source ?? 'a higher source'} decides here anyway${restrictions}`, null, details);
  }
  return cxCheck('trust', 'trust', 'warning', `${cxrc.path} selects ${named === null ? shown : `profile ${named}`} but is not trusted, so cx ignores it${restrictions}`, remediation, details);
}
