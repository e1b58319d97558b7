// `cx status --prompt [+PROFILE]`: runs at every shell prompt, so, like `__complete`, without yargs
// (main.ts sends it here; the completion budget, README "Speed"). Any other words go to the
// dispatcher, which parses them as `cx status` does.
import { runStatusCommand } from '../commands/status.ts';
import type { CommandContext } from './command-context.ts';

/** The +PROFILE of `status --prompt [+PROFILE]` (undefined: none), or null when the words are more than that. */
export function promptOnly(rest: readonly string[]): { profile: string | undefined } | null {
  const others = rest.filter((word) => word !== '--prompt');
  if (others.length === rest.length || others.length > 1) return null;
  const profile = others[0];
  if (profile !== undefined && !profile.startsWith('+')) return null;
  return { profile };
}

/** Runs the prompt, or returns null when the words need the full parser. */
export async function statusPrompt(rest: readonly string[], context: CommandContext): Promise<number | null> {
  const only = promptOnly(rest);
  if (only === null) return null;
  return runStatusCommand({ profile: only.profile, prompt: true }, context);
}
