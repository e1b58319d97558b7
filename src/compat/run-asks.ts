import type { EffectiveSettings } from '../config/effective-settings.ts';
import { isTable, type TomlTable } from '../config/toml-file.ts';
import type { CodexArgsShape } from '../plan/codex-args.ts';

/** Where a request came from: a config layer, the arguments, or codex's default. */
export type AskedBy = 'config' | 'args' | 'default';

/** What this run asks of the provider, read from the arguments and the merged config. */
export interface RunAsks {
  webSearch: { mode: string; by: AskedBy };
  /** `--search` on the command line (a TUI-only root flag). */
  searchFlag: boolean;
  /** `[features] web_search_request` / `web_search_cached`, deprecated spellings. */
  deprecatedSearchFeatures: string[];
  serviceTier: string | null;
  /** Set explicitly (`[features] image_generation = true` or `--enable image_generation`). */
  imageGeneration: boolean;
  voice: boolean;
  /** `codex cloud`: Codex Cloud tasks. */
  cloud: boolean;
  model: string | null;
  region: string | null;
  reasoningEffort: string | null;
}

function featureFlag(table: TomlTable, name: string): unknown {
  const features = table['features'];
  return isTable(features) ? features[name] : undefined;
}

/**
 * `layers` are the config layers as written (config.toml, the profile) and `args` the arguments'
 * overrides as a table, so an explicit request can be told apart from codex's default.
 */
export function runAsks(settings: EffectiveSettings, shape: CodexArgsShape, layers: readonly TomlTable[], args: TomlTable): RunAsks {
  const searchFlag = shape.overrides.some((o) => o.key === 'web_search' && o.kind === 'string');
  const deprecated = ['web_search_request', 'web_search_cached'].filter((name) => [...layers, args].some((layer) => featureFlag(layer, name) !== undefined));
  let by: AskedBy = 'default';
  if (args['web_search'] !== undefined) by = 'args';
  else if (layers.some((layer) => layer['web_search'] !== undefined)) by = 'config';
  let mode = settings.webSearch;
  if (by === 'default' && deprecated.length > 0) {
    // codex maps the old flags onto web_search when web_search itself is not set; the arguments
    // are the top layer, so a flag set there (`--enable web_search_request`) was asked for there.
    const from = (name: string): AskedBy => (featureFlag(args, name) !== undefined ? 'args' : 'config');
    if (featureFlag(settings.merged, 'web_search_request') === true) [mode, by] = ['live', from('web_search_request')];
    else if (featureFlag(settings.merged, 'web_search_cached') === true) [mode, by] = ['cached', from('web_search_cached')];
  }
  const explicitlyOn = (name: string): boolean => featureFlag(settings.merged, name) === true;
  return {
    webSearch: { mode, by },
    searchFlag,
    deprecatedSearchFeatures: deprecated,
    serviceTier: settings.serviceTier,
    imageGeneration: explicitlyOn('image_generation'),
    voice: explicitlyOn('in_app_voice') || explicitlyOn('voice'),
    cloud: shape.subcommand === 'cloud',
    model: settings.model,
    region: settings.region,
    reasoningEffort: settings.reasoningEffort,
  };
}
