// man/cx.1's command parts: each command's forms in SYNOPSIS, the command words in DESCRIPTION's
// list of what cx claims, and each command's entries in COMMANDS (mdoc, from `about.man`).
import { claimedWords, markers, type Registered } from './registered.ts';
import { splice } from './splice.ts';

export const MAN_MARKS = {
  synopsis: markers('.\\"', 'synopsis'),
  claims: markers('.\\"', 'claims'),
  commands: markers('.\\"', 'commands'),
};

export function synopsisPart(commands: readonly Registered[]): string {
  return commands.flatMap((command) => command.about.man.synopsis.map((form) => `.Nm\n${form}\n`)).join('');
}

export function claimsPart(commands: readonly Registered[]): string {
  const words = commands.flatMap(claimedWords);
  return words.map((word, i) => `.Cm ${word} ${i === words.length - 1 ? ';' : ','}\n`).join('');
}

export function commandsPart(commands: readonly Registered[]): string {
  return commands.map((command) => `${command.about.man.entries.trimEnd()}\n`).join('');
}

export function manPage(text: string, commands: readonly Registered[]): string {
  const withSynopsis = splice(text, 'man/cx.1', MAN_MARKS.synopsis, synopsisPart(commands));
  const withClaims = splice(withSynopsis, 'man/cx.1', MAN_MARKS.claims, claimsPart(commands));
  return splice(withClaims, 'man/cx.1', MAN_MARKS.commands, commandsPart(commands));
}
