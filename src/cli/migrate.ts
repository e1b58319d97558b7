// `cx migrate [--write]`: legacy [profiles.NAME] tables in $CODEX_HOME/config.toml -> profile
// files. Without --write it only shows what it would do. Not on the launch path: loaded on demand.
import { basename } from 'node:path';
import { loadCodexConfig } from '../config/codex-config.ts';
import type { Env } from '../config/home-dirs.ts';
import {
  type MigrationPlan,
  type MigrationResult,
  type RemovedLines,
  applyMigration,
  hasChanges,
  nothingToMigrate,
  planMigration,
} from '../config/legacy-migration.ts';
import { EXIT } from '../exit-status.ts';

function showLines(removed: RemovedLines, out: string[]): void {
  const width = String(removed.last).length;
  removed.lines.forEach((text, k) => {
    out.push(`    - ${String(removed.first + k).padStart(width)} | ${text.replace(/\r$/, '')}`);
  });
}

function report(plan: MigrationPlan, write: boolean, result: MigrationResult | null): string {
  // With --write the plan has been carried out (result is null only when there was nothing to write).
  const done = write;
  const verb = (would: string, did: string): string => (done ? did : `would ${would}`);
  const config = basename(plan.configPath);
  const out: string[] = [];
  out.push(write ? `cx migrate: ${plan.configPath}` : `cx migrate (dry run: nothing is written; \`cx migrate --write\` does it): ${plan.configPath}`);

  for (const profile of plan.migrated) {
    out.push('', `profile ${profile.name} (${profile.at})`);
    out.push(`  ${verb('create', 'created')} ${profile.target} (mode 0600):`);
    for (const line of profile.text.replace(/\n$/, '').split('\n')) out.push(`    | ${line}`);
    for (const id of profile.movedProviders) {
      out.push(
        `  moved model_providers.${id} to where codex reads it: [profiles.${profile.name}.model_providers.${id}] is not a codex key ` +
          `(codex ignored it); in ${basename(profile.target)} it is [model_providers.${id}]`,
      );
    }
    for (const warning of profile.warnings) out.push(`  warning: ${warning}`);
    out.push(`  ${verb('remove', 'removed')} from ${config}:`);
    for (const removed of profile.removed) showLines(removed, out);
  }

  for (const left of plan.left) {
    out.push('', `profile ${left.name} (${left.at}): left in ${config}: ${left.message}`);
  }

  const key = plan.profileKey;
  if (key !== null) {
    const at = key.line === null ? plan.configPath : `${plan.configPath}:${key.line}`;
    const why = `codex 0.169 exits 1 on every run while it is there; to select ${key.value} when nothing else does, set default_profile = ${JSON.stringify(key.value)} in cx's config, or use \`cx +${key.value}\` or CX_PROFILE=${key.value}`;
    out.push('', `top-level profile = ${JSON.stringify(key.value)} (${at})`);
    if (key.removed && plan.newConfigText !== null) {
      out.push(`  ${verb('remove', 'removed')} it: ${why}`);
      if (key.lines) showLines(key.lines, out);
    } else {
      out.push(`  left in ${config}: cx cannot remove it cleanly; delete it by hand: ${why}`);
    }
  }

  if (plan.emptyProfilesHeader !== null && plan.newConfigText !== null) {
    out.push('', `${verb('remove', 'removed')} the empty [profiles] header:`);
    showLines(plan.emptyProfilesHeader, out);
  }

  if (plan.newConfigText !== null) {
    out.push('');
    if (result?.backup) out.push(`backed up ${config} to ${result.backup} (mode 0600)`);
    else out.push(`would back up ${config} to ${plan.configPath}.cx-backup-TIMESTAMP (mode 0600)`);
    out.push(done ? `rewrote ${plan.configPath} without the lines above; everything else is as it was` : `would rewrite ${plan.configPath} without the lines above; everything else stays as written`);
  }

  const moved = plan.migrated.length;
  const left = plan.left.length;
  const profiles = (k: number): string => `${k} profile${k === 1 ? '' : 's'}`;
  out.push('', `${done ? 'migrated' : 'would migrate'} ${profiles(moved)}${left > 0 ? `; ${profiles(left)} left in ${config} to move by hand` : ''}`);
  return `${out.join('\n')}\n`;
}

/** `cx migrate --json`: what was (or would be) done, names and paths only. */
function reportJson(configPath: string, plan: MigrationPlan | null, write: boolean, result: MigrationResult | null): string {
  const document = {
    schemaVersion: 1,
    configPath,
    written: write && result !== null,
    migrated: (plan?.migrated ?? []).map((p) => ({ name: p.name, at: p.at, target: p.target, movedProviders: p.movedProviders, warnings: p.warnings })),
    left: (plan?.left ?? []).map((l) => ({ name: l.name, at: l.at, message: l.message })),
    profileKey: plan?.profileKey ? { value: plan.profileKey.value, line: plan.profileKey.line, removed: plan.profileKey.removed && plan.newConfigText !== null } : null,
    backup: result?.backup ?? null,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `cx migrate [--write] [--json]` as yargs parsed it; prints to stdout and returns the exit status. */
export function runMigrate({ write, json }: { write: boolean; json: boolean }, env: Env): number {
  const config = loadCodexConfig(env);
  if (config.file === null) {
    process.stdout.write(json ? reportJson(config.configPath, null, write, null) : `cx migrate: nothing to migrate (${config.configPath} does not exist)\n`);
    return 0;
  }
  const plan = planMigration(config);
  if (nothingToMigrate(plan)) {
    process.stdout.write(json ? reportJson(config.configPath, plan, write, null) : `cx migrate: nothing to migrate (no legacy [profiles.*] tables or top-level \`profile\` in ${config.configPath})\n`);
    return 0;
  }
  const result = write && hasChanges(plan) ? applyMigration(plan) : null;
  process.stdout.write(json ? reportJson(config.configPath, plan, write, result) : report(plan, write, result));
  const leftKey = plan.profileKey !== null && !(plan.profileKey.removed && plan.newConfigText !== null);
  if (write && (plan.left.length > 0 || leftKey)) {
    const names = plan.left.map((l) => `[profiles.${l.name}]`);
    if (leftKey) names.push('the top-level `profile`');
    process.stderr.write(`cx: migrate left ${names.join(', ')} in ${config.configPath}; see above for what to do\n`);
    return EXIT.config;
  }
  return 0;
}
