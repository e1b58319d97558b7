// yargs's usage messages quote what was typed ("Unknown argument: X"). What was typed may be a
// secret pasted in the wrong place (`cx secret set NAME sk-…`), so a word is shown only when it
// looks like an option or command name: letters and dashes, no digits, short. Pure.

/** Whether a typed word may appear in a message. */
export function showableWord(word: string): boolean {
  return /^-{0,2}[A-Za-z][A-Za-z-]{0,30}$/.test(word);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `message` with every word of `typed` that is not showable replaced by "(not shown)", as typed
 * or as yargs names it (without its dashes); an option yargs names without dashes gets them back.
 */
export function safeUsageMessage(message: string, typed: readonly string[]): string {
  let shown = message.replace(/\s*\n\s*/g, '; ');
  const words = [...new Set(typed)].filter((word) => word !== '').sort((a, b) => b.length - a.length);
  for (const word of words) {
    const bare = word.replace(/^-+/, '').replace(/=.*$/s, '');
    for (const variant of new Set([word, bare])) {
      if (variant === '') continue;
      const pattern = new RegExp(`(?<![\\w-])${escapeRegExp(variant)}(?![\\w-])`, 'g');
      shown = shown.replace(pattern, showableWord(word) ? word.replace(/=.*$/s, '') : '(not shown)');
    }
  }
  // One "(not shown)" per run of hidden words is enough.
  return shown.replace(/\(not shown\)(, \(not shown\))+/g, '(not shown)');
}
