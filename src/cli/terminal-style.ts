// Colour and width for what `cx explain` and `cx doctor` print: a few hand-written ANSI codes
// (no module), decided once per run. Not on the launch path. Pure but for the inputs it is given.

export type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold';

const CODES: Readonly<Record<Style, [number, number]>> = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22] };

/**
 * Whether to colour: `FORCE_COLOR` set to anything but `0`/`false` forces it (in pipes too, and
 * over NO_COLOR, as Node itself does); `FORCE_COLOR=0` or a non-empty `NO_COLOR` turns it off;
 * otherwise only on a terminal that is not `TERM=dumb`.
 */
export function wantsColour(env: Readonly<Record<string, string | undefined>>, isTerminal: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  return isTerminal && env['TERM'] !== 'dumb';
}

/** `text` in `style` when colouring, else as is. */
export function paint(on: boolean, style: Style, text: string): string {
  if (!on || text === '') return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** How wide to print: the terminal's columns (at least 40), else `fallback`; never more than `max`. */
export function outputWidth(columns: number | undefined, fallback: number, max = Number.POSITIVE_INFINITY): number {
  const width = columns !== undefined && columns > 0 ? Math.max(40, columns) : fallback;
  return Math.min(width, max);
}

/** How this run's stdout is: a terminal (and how wide), and the environment's colour settings. */
export function stdoutStyle(env: Readonly<Record<string, string | undefined>>, maxWidth?: number): { colour: boolean; width: number } {
  const terminal = process.stdout.isTTY === true;
  return { colour: wantsColour(env, terminal), width: outputWidth(terminal ? process.stdout.columns : undefined, 100, maxWidth) };
}
