// `cx doctor` checks the model against the provider's own list (GET {base_url}/models, the
// OpenAI-style `{data: [{id}]}`), where the credentials allow a plain bearer request: a launch only
// has a pattern to go on (a Bedrock id "looks like openai.*"), which is why it only warns there.
// Deciding what to ask and reading the answer are pure; the request is the one side effect.
import type { EffectiveSettings } from '../config/effective-settings.ts';
import { isTable, type TomlTable } from '../config/toml-file.ts';
import { type Check, cxCheck } from './check.ts';

export type ModelListRequest = { kind: 'request'; url: string; headers: Record<string, string> } | { kind: 'skip'; why: string };

/** A name → value lookup over what codex would see (its environment, then $CODEX_HOME/.env). */
export type Lookup = (name: string) => string | undefined;

function stringsOf(table: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isTable(table)) for (const [k, v] of Object.entries(table)) if (typeof v === 'string') out[k] = v;
  return out;
}

function withQuery(base: string, query: Record<string, string>): string {
  const params = new URLSearchParams(query).toString();
  return `${base.replace(/\/+$/, '')}/models${params === '' ? '' : `?${params}`}`;
}

const bearer = (value: string): Record<string, string> => ({ authorization: `Bearer ${value}` });

/** What to ask the selected provider for its models, or why cx cannot ask. Pure. */
export function modelListRequest(settings: EffectiveSettings, lookup: Lookup): ModelListRequest {
  const id = settings.provider;
  const providers = isTable(settings.merged['model_providers']) ? settings.merged['model_providers'] : {};
  const definition: TomlTable = isTable(providers[id]) ? providers[id] : {};
  const baseUrl = typeof definition['base_url'] === 'string' ? definition['base_url'] : null;
  const headers = stringsOf(definition['http_headers']);
  if (id === 'openai') {
    const key = lookup('CODEX_API_KEY') || lookup('OPENAI_API_KEY');
    if (!key) return { kind: 'skip', why: 'no OpenAI API key (a ChatGPT login cannot list models)' };
    const base = typeof settings.merged['openai_base_url'] === 'string' ? settings.merged['openai_base_url'] : 'https://api.openai.com/v1';
    return { kind: 'request', url: withQuery(base, {}), headers: { ...headers, ...bearer(key) } };
  }
  if (id === 'amazon-bedrock' || id === 'amazon-bedrock-runtime') {
    const token = lookup('AWS_BEARER_TOKEN_BEDROCK');
    if (!token) return { kind: 'skip', why: 'needs a Bedrock bearer token (AWS_BEARER_TOKEN_BEDROCK); cx does not sign AWS requests' };
    if (baseUrl === null && (id !== 'amazon-bedrock' || settings.region === null)) return { kind: 'skip', why: 'no region, so no endpoint' };
    return { kind: 'request', url: withQuery(baseUrl ?? `https://bedrock-mantle.${settings.region ?? ''}.api.aws/openai/v1`, {}), headers: { ...headers, ...bearer(token) } };
  }
  if (id === 'ollama' || id === 'lmstudio') return { kind: 'skip', why: `${id} serves whatever models are installed locally` };
  if (baseUrl === null) return { kind: 'skip', why: `provider ${id} has no base_url` };
  if (isTable(definition['auth'])) return { kind: 'skip', why: `provider ${id} gets its token from a command (auth), which doctor does not run` };
  const envKey = typeof definition['env_key'] === 'string' ? definition['env_key'] : null;
  const key = envKey === null ? undefined : lookup(envKey);
  if (envKey !== null && !key) return { kind: 'skip', why: `${envKey} is not set` };
  return { kind: 'request', url: withQuery(baseUrl, stringsOf(definition['query_params'])), headers: { ...headers, ...(key ? bearer(key) : {}) } };
}

export type ModelListAnswer = { ok: true; ids: string[] } | { ok: false; why: string };

/** The ids in an OpenAI-style model list, or null when the body is not one. Pure. */
export function parseModelList(body: string): string[] | null {
  try {
    const data: unknown = JSON.parse(body);
    const list = isTable(data) ? data['data'] : undefined;
    if (!Array.isArray(list)) return null;
    return list.flatMap((item: unknown) => (isTable(item) && typeof item['id'] === 'string' ? [item['id']] : []));
  } catch {
    return null;
  }
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** GET the list, bounded in time and size; never throws. */
export async function fetchModelList(request: { url: string; headers: Record<string, string> }, timeoutMs: number): Promise<ModelListAnswer> {
  try {
    const response = await fetch(request.url, { headers: request.headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_BODY_BYTES) return { ok: false, why: 'the list is too big' };
    const body = await response.text();
    if (!response.ok) return { ok: false, why: `HTTP ${response.status}` };
    const ids = parseModelList(body.slice(0, MAX_BODY_BYTES));
    return ids === null ? { ok: false, why: 'the answer is not a model list ({"data": [{"id": …}]})' } : { ok: true, ids };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { ok: false, why: name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the request failed (network, TLS or address)' };
  }
}

/** Where a request went, without its query string (which may carry a key). */
function endpoint(url: string): string {
  return url.split('?')[0] ?? url;
}

/** The check: the model is in the provider's list (ok), is not (fail), or could not be verified. Pure. */
export function modelListedCheck(model: string | null, provider: string, request: ModelListRequest, answer: ModelListAnswer | null): Check {
  if (model === null) return cxCheck('model.listed', 'compat', 'skipped', "no model is set: codex uses its default, which cx does not check against the provider");
  if (request.kind === 'skip') return cxCheck('model.listed', 'compat', 'skipped', `model ${model} not checked against ${provider}'s model list: ${request.why}`);
  const where = endpoint(request.url);
  if (answer === null || !answer.ok) {
    return cxCheck('model.listed', 'compat', 'warning', `model ${model} not checked: GET ${where}: ${answer?.why ?? 'not asked'}`, 'check the provider\'s address and credentials (`cx explain`), then run `cx doctor` again', { endpoint: where });
  }
  if (answer.ids.length === 0) return cxCheck('model.listed', 'compat', 'skipped', `model ${model} not checked: ${provider} lists no models (GET ${where})`, null, { endpoint: where });
  if (answer.ids.includes(model)) return cxCheck('model.listed', 'compat', 'ok', `model ${model} is in ${provider}'s model list (${answer.ids.length} models, GET ${where})`, null, { endpoint: where });
  const shown = answer.ids.slice(0, 12);
  return cxCheck(
    'model.listed',
    'compat',
    'fail',
    `model ${model} is not in ${provider}'s model list (GET ${where}: ${answer.ids.length} models)`,
    `set model to one of: ${shown.join(', ')}${answer.ids.length > shown.length ? ', …' : ''}`,
    { endpoint: where, models: shown },
  );
}
