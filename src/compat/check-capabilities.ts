import type { Finding } from '../plan/finding.ts';
import { wildcardMatch } from '../select/wildcard.ts';
import { type Classified, openaiRow } from './classify.ts';
import type { RunAsks } from './run-asks.ts';
import type { CapabilityTable, Feature, Row } from './table.ts';

/** What the capability check found, and what it adds to codex's arguments. */
export interface CapabilityVerdict {
  findings: Finding[];
  /** `-c` overrides cx adds in front of codex's arguments (web search off where codex's default would send it). */
  args: string[];
}

function lacks(row: Row, feature: Feature): boolean {
  return row.features[feature] === 'no';
}

function on(row: Row): string {
  return `${row.label} (${row.id})`;
}

/**
 * What to do about web search this run asks for and the provider lacks: undo it where it was
 * asked (the arguments, or the config), never a way of asking for it again.
 */
function dropSearch(row: Row, asks: RunAsks): string {
  const other = 'or choose a profile whose provider has web search';
  if (asks.searchFlag) return `leave out --search (${on(row)} has no web search), ${other}`;
  if (asks.webSearch.by === 'args') return `leave out -c web_search=…, ${other}`;
  return `set web_search = "disabled" in this profile, ${other}`;
}

function webSearch(row: Row, asks: RunAsks, exec: boolean, findings: Finding[], args: string[]): void {
  const unsupported = lacks(row, 'web_search');
  if (asks.searchFlag && exec) {
    // On a provider without web search, `-c web_search=live` would only trade this error for the next.
    const fix = unsupported ? dropSearch(row, asks) : 'for exec write `-c web_search=live`';
    findings.push({ level: 'error', code: 'search-flag-exec', message: '`--search` is a flag of codex\'s interactive mode; `codex exec --search` exits 2', fix });
  }
  if (asks.deprecatedSearchFeatures.length > 0) {
    findings.push({
      level: 'warning',
      code: 'web-search-deprecated-feature',
      message: `[features] ${asks.deprecatedSearchFeatures.join(', ')} ${asks.deprecatedSearchFeatures.length > 1 ? 'are' : 'is'} deprecated`,
      fix: 'set web_search = "live", "cached" or "disabled" at the top level instead',
    });
  }
  if (asks.webSearch.mode === 'disabled' || !unsupported) return;
  if (asks.webSearch.by === 'default') {
    // codex sends the web_search tool by default, and a provider without it fails the turn.
    args.push('-c', 'web_search="disabled"');
    findings.push({ level: 'info', code: 'web-search-turned-off', message: `${on(row)} has no web search; cx turns codex's default web search off for this run (-c web_search="disabled")` });
    return;
  }
  const from = asks.searchFlag ? '--search' : `web_search = "${asks.webSearch.mode}", from ${asks.webSearch.by === 'args' ? 'the arguments' : 'the config'}`;
  findings.push({
    level: 'error',
    code: 'web-search-unsupported',
    message: `this run asks for web search (${from}) but ${on(row)} has none`,
    // The refusal adds "or pass --cx-force" once for all its findings.
    fix: dropSearch(row, asks),
  });
}

function modelChecks(row: Row, classified: Classified, asks: RunAsks, findings: Finding[], strict: boolean): void {
  const model = asks.model;
  if (row.modelPattern !== null && (model === null || !wildcardMatch(row.modelPattern, model))) {
    // Only a pattern, not the provider's own list: a warning, unless strict mode asks for certainty.
    findings.push({
      level: strict ? 'error' : 'warning',
      code: 'bedrock-model-id',
      message: `${model === null ? "no model is set, and codex's default" : `model ${model}`} does not look like a model id ${on(row)} serves to codex${row.modelPatternHint ? ` (${row.modelPatternHint})` : ` (expected ${row.modelPattern})`}; not checked against the provider`,
      fix: `set model to an id matching ${row.modelPattern} in this profile; \`cx doctor\` checks it against the provider's model list`,
    });
  }
  if (row.modelIsDeployment) {
    if (model === null) {
      findings.push({ level: 'warning', code: 'azure-model-not-deployment', message: `no model is set; on ${on(row)} the model is your deployment's name, and codex's default model name is unlikely to be one`, fix: 'set model = "<deployment name>" in this profile' });
    } else if (row.modelFamilies.some((glob) => wildcardMatch(glob, model))) {
      findings.push({ level: 'warning', code: 'azure-model-not-deployment', message: `model ${model} looks like a model family; on ${on(row)} the model is your deployment's name`, fix: 'set model to the deployment name shown in the Azure portal (ignore this if the deployment is named after the model)' });
    }
  }
  if (model !== null) {
    for (const [glob, auth] of Object.entries(row.modelAuth)) {
      if (wildcardMatch(glob, model) && auth !== classified.auth) {
        findings.push({
          level: 'error',
          code: 'model-needs-chatgpt-auth',
          message: `model ${model} on ${on(row)} needs ${auth === 'chatgpt' ? 'ChatGPT auth' : 'an API key'}, and this run uses ${classified.auth === 'chatgpt' ? 'a ChatGPT login' : 'an API key'}`,
          fix: auth === 'chatgpt' ? 'set requires_openai_auth = true on the provider and run `codex login`, or choose another model' : 'give the provider an env_key, or choose another model',
        });
      }
    }
    if (row.models !== null && !row.models.includes(model)) {
      findings.push({ level: 'warning', code: 'model-unknown', message: `model ${model} is not among the models known for ${on(row)} (${row.models.join(', ')})`, fix: 'check the model name, or add it to [compat.rows.' + row.id + '] models in cx\'s config' });
    }
  }
}

function regionChecks(row: Row, asks: RunAsks, findings: Finding[]): void {
  const region = asks.region;
  if (region === null || row.regions === null) return;
  const refused = Object.entries(row.regionsRefused).find(([glob]) => wildcardMatch(glob, region));
  if (refused) {
    findings.push({ level: 'error', code: 'region-govcloud', message: `region ${region}: ${refused[1]}`, fix: `choose a region ${on(row)} serves: ${row.regions.join(', ')}` });
    return;
  }
  if (!row.regions.includes(region)) {
    findings.push({ level: 'error', code: 'region-unsupported', message: `${on(row)} does not serve region ${region} (codex 0.169 itself stops with "does not support region" unless base_url is overridden)`, fix: `choose one of ${row.regions.join(', ')}, or add the region to [compat.rows.${row.id}] regions in cx's config if it is new` });
  }
}

/**
 * `codex cloud` takes no profile and runs at OpenAI whatever the configured provider: what counts is
 * the table's openai row for the login there is, not the provider's row.
 */
function cloudCheck(table: CapabilityTable, chatgptLogin: boolean): Finding[] {
  const row = openaiRow(table, chatgptLogin ? 'chatgpt' : 'api-key');
  if (row === undefined || !lacks(row, 'codex_cloud')) return [];
  return [{ level: 'error', code: 'codex-cloud-needs-chatgpt', message: `\`codex cloud\` (Codex Cloud tasks) needs a ChatGPT login, and there is none here (${on(row)} has no Codex Cloud)`, fix: 'run `codex login` (ChatGPT), then `codex cloud`' }];
}

function featureChecks(row: Row, asks: RunAsks, findings: Finding[]): void {
  if (asks.serviceTier !== null && lacks(row, 'service_tier')) {
    findings.push({ level: 'warning', code: 'service-tier-unsupported', message: `service_tier = "${asks.serviceTier}" has no effect on ${on(row)}: codex does not send it there`, fix: 'remove service_tier from this profile' });
  }
  if (asks.imageGeneration && lacks(row, 'image_generation')) {
    findings.push({ level: 'warning', code: 'image-generation-unsupported', message: `image generation is turned on but ${on(row)} has none`, fix: 'remove image_generation = true from [features] for this profile' });
  }
  if (asks.voice && lacks(row, 'voice')) {
    findings.push({ level: 'warning', code: 'voice-unsupported', message: `voice is turned on but ${on(row)} has none`, fix: 'use voice with a ChatGPT login on the openai provider' });
  }
  if (row.residency !== null) {
    findings.push({ level: 'info', code: 'data-residency', message: `${on(row)}: ${row.residency}${row.features.data_residency === 'unknown' ? ' (data residency cannot be told here)' : ''}` });
  }
}

/**
 * What this provider, model and region cannot do for what the run asks, from the table alone.
 * `exec`: codex's command is `exec` (where `--search` does not exist).
 */
export function checkCapabilities(table: CapabilityTable, classified: Classified, asks: RunAsks, exec: boolean, strict = false): CapabilityVerdict {
  if (asks.cloud) return { findings: cloudCheck(table, classified.chatgptLogin), args: [] };
  const findings: Finding[] = [];
  const args: string[] = [];
  const row = classified.row;
  if (!row.available) {
    findings.push({ level: 'error', code: 'provider-not-available', message: `${row.unavailable ?? `${row.label} is not available`} (${classified.why})`, ...(row.instead === null ? {} : { fix: row.instead }) });
    return { findings, args };
  }
  webSearch(row, asks, exec, findings, args);
  modelChecks(row, classified, asks, findings, strict);
  regionChecks(row, asks, findings);
  featureChecks(row, asks, findings);
  if (asks.reasoningEffort !== null && !table.reasoningEfforts.includes(asks.reasoningEffort)) {
    findings.push({
      level: 'error',
      code: 'reasoning-effort-invalid',
      message: `model_reasoning_effort = "${asks.reasoningEffort}" is not a reasoning effort; codex sends it unchecked and the request fails`,
      fix: `use one of ${table.reasoningEfforts.join(', ')}`,
    });
  }
  return { findings, args };
}
