import type { Rule } from '../config/cx-rules.ts';
import { pathMatch, wildcardMatch } from './wildcard.ts';

export interface RuleContext {
  cwd: string;
  ci: boolean;
  /** Whether stdin and stdout are a terminal; asked only if a rule has `tty`. */
  tty: () => boolean;
  /** Remote URLs of the enclosing repository; read only if a rule asks. */
  remotes: () => readonly string[];
}

export interface RuleVerdict {
  rule: Rule;
  matched: boolean;
  /** The condition that failed, or what matched. */
  reason: string;
}

function check(rule: Rule, context: RuleContext): RuleVerdict {
  const holds: string[] = [];
  if (rule.path !== null) {
    if (!pathMatch(rule.path, context.cwd)) return { rule, matched: false, reason: `path ${rule.path} does not match ${context.cwd}` };
    holds.push(`path ${rule.path}`);
  }
  if (rule.gitRemote !== null) {
    const pattern = rule.gitRemote;
    const remote = context.remotes().find((url) => wildcardMatch(pattern, url));
    if (remote === undefined) return { rule, matched: false, reason: `no git remote matches ${pattern}` };
    // The URL itself is not shown: it comes from the repository and may carry a token.
    holds.push(`a git remote matches ${pattern}`);
  }
  if (rule.ci !== null) {
    if (rule.ci !== context.ci) return { rule, matched: false, reason: rule.ci ? 'not a CI run' : 'a CI run' };
    holds.push(rule.ci ? 'CI' : 'not CI');
  }
  if (rule.tty !== null) {
    if (rule.tty !== context.tty()) return { rule, matched: false, reason: rule.tty ? 'not interactive' : 'interactive' };
    holds.push(rule.tty ? 'interactive' : 'not interactive');
  }
  return { rule, matched: true, reason: holds.length === 0 ? 'no conditions' : holds.join(', ') };
}

/** The first rule whose conditions all hold, with a verdict for each rule looked at. */
export function matchRules(rules: readonly Rule[], context: RuleContext): { matched: Rule | null; verdicts: RuleVerdict[] } {
  const verdicts: RuleVerdict[] = [];
  for (const rule of rules) {
    const verdict = check(rule, context);
    verdicts.push(verdict);
    if (verdict.matched) return { matched: rule, verdicts };
  }
  return { matched: null, verdicts };
}
