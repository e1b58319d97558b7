// Does every configuration file cx and codex read here parse? Each file is read on its own, so one
// malformed file is reported (file:line, from the loaders' own errors) and the others still are.
import { statSync } from 'node:fs';
import { type CodexConfig, loadCodexConfig, readProfileFile } from '../config/codex-config.ts';
import { type CxConfig, loadCxConfig } from '../config/cx-config.ts';
import { type Cxrc, type CxrcRead, findCxrc, ignoredMessage, loadCxrcAt } from '../config/cxrc.ts';
import { type Env, codexHome, cxConfigPath, envValue } from '../config/home-dirs.ts';
import { isCxError } from '../cx-error.ts';
import { type Check, cxCheck } from './check.ts';

/** What was read, for the checks that build on it (null where it did not parse), and the checks. */
export interface LoadedConfigs {
  codexConfig: CodexConfig | null;
  cxConfig: CxConfig | null;
  cxrcPath: string | null;
  cxrc: Cxrc | null;
  checks: Check[];
}

type Attempt<T> = { ok: true; value: T } | { ok: false; message: string; hint: string | null };

/** Runs a loader; a CxError (a user's file) becomes a result, anything else is a bug and propagates. */
export function attempt<T>(load: () => T): Attempt<T> {
  try {
    return { ok: true, value: load() };
  } catch (error) {
    if (isCxError(error)) return { ok: false, message: error.message, hint: error.hint ?? null };
    throw error;
  }
}

/** codex exits 1 when a set CODEX_HOME is not an existing directory (codex-facts.md). */
function codexHomeProblem(env: Env): string | null {
  const set = envValue(env, 'CODEX_HOME');
  if (set === undefined) return null;
  const stat = statSync(set, { throwIfNoEntry: false });
  if (stat === undefined) return `CODEX_HOME=${set} does not exist (codex refuses to start)`;
  if (!stat.isDirectory()) return `CODEX_HOME=${set} is not a directory (codex refuses to start)`;
  return null;
}

function codexConfigCheck(env: Env, loaded: Attempt<CodexConfig>): Check {
  const home = codexHome(env);
  const problem = codexHomeProblem(env);
  if (problem !== null) return cxCheck('config.codex', 'config', 'fail', problem, 'create the directory, or unset CODEX_HOME', { CODEX_HOME: home });
  if (!loaded.ok) return cxCheck('config.codex', 'config', 'fail', loaded.message, loaded.hint, { CODEX_HOME: home });
  const config = loaded.value;
  const summary = config.file === null ? `no ${config.configPath} (codex's defaults)` : `${config.configPath} parses`;
  return cxCheck('config.codex', 'config', 'ok', summary, null, { CODEX_HOME: home, 'config.toml': config.configPath });
}

/** Every NAME.config.toml in $CODEX_HOME, read whether or not it is selected. */
function profileFilesCheck(config: CodexConfig | null): Check {
  if (config === null) return cxCheck('config.profiles', 'config', 'skipped', "not looked at: codex's config did not load");
  const failures: { message: string; hint: string | null }[] = [];
  const files: string[] = [];
  for (const [name, path] of config.profileFiles) {
    files.push(path);
    const read = attempt(() => readProfileFile(config, name));
    if (!read.ok) failures.push(read);
  }
  if (files.length === 0) return cxCheck('config.profiles', 'config', 'ok', `no profile files (NAME.config.toml) in ${config.home}`);
  if (failures.length === 0) return cxCheck('config.profiles', 'config', 'ok', `${files.length} profile file${files.length === 1 ? '' : 's'} parse${files.length === 1 ? 's' : ''}`, null, { files });
  return cxCheck('config.profiles', 'config', 'fail', failures.map((f) => f.message).join('; '), failures[0]?.hint ?? 'fix the file', { files });
}

function cxConfigCheck(env: Env, loaded: Attempt<CxConfig>): Check {
  const path = cxConfigPath(env);
  if (!loaded.ok) return cxCheck('config.cx', 'config', 'fail', loaded.message, loaded.hint, { file: path });
  const summary = loaded.value.path === null ? `no cx config at ${path} (none is needed)` : `${path} parses`;
  return cxCheck('config.cx', 'config', 'ok', summary, null, { file: path });
}

function cxrcCheck(path: string | null, loaded: Attempt<CxrcRead> | null): Check {
  if (path === null || loaded === null) return cxCheck('config.cxrc', 'config', 'ok', 'no .cxrc here or in any directory above');
  if (!loaded.ok) return cxCheck('config.cxrc', 'config', 'fail', loaded.message, loaded.hint, { file: path });
  if (!loaded.value.ok) return cxCheck('config.cxrc', 'config', 'warning', ignoredMessage(loaded.value.ignored), 'replace it with a regular file of your own inside the repository', { file: path });
  return cxCheck('config.cxrc', 'config', 'ok', `${path} parses`, null, { file: path });
}

/** Reads codex's config, every profile file, cx's config and the .cxrc in effect; never throws for a user's file. */
export function configChecks(env: Env, cwd: string): LoadedConfigs {
  const codex = attempt(() => loadCodexConfig(env));
  const cx = attempt(() => loadCxConfig(env));
  const cxrcPath = findCxrc(cwd);
  const cxrc = cxrcPath === null ? null : attempt(() => loadCxrcAt(cxrcPath));
  const codexConfig = codex.ok ? codex.value : null;
  return {
    codexConfig,
    cxConfig: cx.ok ? cx.value : null,
    cxrcPath,
    cxrc: cxrc?.ok && cxrc.value.ok ? cxrc.value.file : null,
    checks: [codexConfigCheck(env, codex), profileFilesCheck(codexConfig), cxConfigCheck(env, cx), cxrcCheck(cxrcPath, cxrc)],
  };
}
