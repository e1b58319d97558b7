// A small parser for the options a command module declares for yargs (its builder's `options`),
// for the paths that must not load yargs (`cx status --prompt` runs at every shell prompt) and until
// every command is registered with the yargs dispatcher. It reads the same definitions, so the two
// accept the same words. Unknown words are refused, shown only when they look like an option (what
// is typed in the wrong place may be a secret).
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';

export interface OptionSpec {
  type: 'boolean' | 'string';
  describe: string;
  /** A boolean's value when not given (false unless said); `--no-NAME` turns it off. */
  default?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface BridgeParsed {
  /** By the option's name as declared (`base-url`), booleans false unless given. */
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

function shown(arg: string): string {
  return /^--?[A-Za-z][A-Za-z0-9-]{0,30}$/.test(arg) ? ` ${arg}` : ' (not shown)';
}

export function bridgeParse(args: readonly string[], specs: OptionSpecs, usage: string): BridgeParsed {
  const options: BridgeParsed['options'] = {};
  for (const [name, spec] of Object.entries(specs)) if (spec.type === 'boolean') options[name] = spec.default ?? false;
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const negated = name.startsWith('no-') ? specs[name.slice(3)] : undefined;
    if (negated?.type === 'boolean' && eq < 0) {
      options[name.slice(3)] = false;
      continue;
    }
    const spec = specs[name];
    if (spec === undefined) throw new CxError(`unknown option${shown(eq < 0 ? arg : arg.slice(0, eq))}`, EXIT.usage, usage);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new CxError(`--${name} takes no value`, EXIT.usage, usage);
      options[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[(i += 1)];
    if (value === undefined) throw new CxError(`--${name} needs a value`, EXIT.usage, usage);
    options[name] = value;
  }
  return { options, positionals, help };
}
