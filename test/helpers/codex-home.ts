// A throw-away CODEX_HOME whose config.toml sends codex's turns to a loopback stand-in
// (codex-facts.md: custom providers, profiles as `$CODEX_HOME/NAME.config.toml`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cx-process.ts';

/** The provider ID the generated config defines and selects. */
export const STANDIN_PROVIDER = 'standin';
/** The variable the provider reads its key from (`env_key`); codex sends it as `Bearer …`. */
export const STANDIN_KEY_VAR = 'CX_TEST_KEY';

export interface CodexHomeOptions {
  /** The stand-in's origin, e.g. `http://127.0.0.1:PORT`; the provider's base_url is `${url}/v1`. */
  standInUrl: string;
  model: string;
  /** Profile files: NAME → the body of `$CODEX_HOME/NAME.config.toml`. */
  profiles?: Record<string, string>;
}

/** A TOML basic string (JSON's escapes are a subset of TOML's for the strings used here). */
export function tomlString(value: string): string {
  return JSON.stringify(value);
}

export function standInConfig(standInUrl: string, model: string): string {
  return [
    `model_provider = ${tomlString(STANDIN_PROVIDER)}`,
    `model = ${tomlString(model)}`,
    '',
    '[analytics]',
    'enabled = false',
    '',
    `[model_providers.${STANDIN_PROVIDER}]`,
    'name = "cx test stand-in"',
    `base_url = ${tomlString(`${standInUrl}/v1`)}`,
    `env_key = ${tomlString(STANDIN_KEY_VAR)}`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

/** Writes a temp CODEX_HOME (removed after the test file) and returns its path. */
export function writeCodexHome(options: CodexHomeOptions): string {
  const home = tempDir('cx-codex-home-');
  writeFileSync(join(home, 'config.toml'), standInConfig(options.standInUrl, options.model));
  for (const [name, body] of Object.entries(options.profiles ?? {})) {
    writeFileSync(join(home, `${name}.config.toml`), body);
  }
  return home;
}
