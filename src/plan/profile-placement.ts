import type { Selection } from '../select/select-profile.ts';
import type { CodexArgsShape } from './codex-args.ts';
import type { Finding } from './finding.ts';

export interface Placement {
  args: string[];
  findings: Finding[];
}

/**
 * Puts the selected profile in front of codex's arguments as `-p NAME` (a root option, so the
 * arguments themselves stay byte for byte and in order), unless the arguments already name one or
 * the command refuses -p.
 */
export function placeProfile(args: readonly string[], shape: CodexArgsShape, selection: Selection): Placement {
  const findings: Finding[] = [];
  if (selection.source === 'flag') {
    const shadowed = selection.steps.filter((step) => step.outcome === 'shadowed');
    if (shadowed.length > 0) {
      findings.push({
        level: 'info',
        code: 'profile-flag-wins',
        message: `-p ${selection.name ?? ''} in the arguments wins over ${shadowed.map((s) => s.at ?? s.source).join(', ')}`,
      });
    }
    return { args: [...args], findings };
  }
  if (selection.name === null) return { args: [...args], findings };
  if (!shape.acceptsProfile) {
    // An explicit +PROFILE that cannot apply deserves a warning; an ambient one is only noted.
    findings.push({
      level: selection.source === 'plus' ? 'warning' : 'info',
      code: 'profile-not-applicable',
      message: `profile ${selection.name} (${selection.at ?? selection.source}) is not passed: \`codex ${shape.subcommand ?? ''}\` does not accept -p`,
    });
    return { args: [...args], findings };
  }
  return { args: ['-p', selection.name, ...args], findings };
}
