// Quoting for the generated shell code: single quotes, which every one of the three shells reads alike
// for text without a quote (a quote inside is closed, escaped and reopened; fish escapes it).

/** bash and zsh: 'text', a quote inside as '\''. */
export function posixQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** fish: 'text', with \ and ' escaped inside. */
export function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
