/**
 * An error message from Node or a library (the AWS SDK), made safe to print: Node's argument
 * errors end "Received 'VALUE'" (an environment value for codex: a secret), and libraries quote
 * what they were given. cx does not know which of those is a secret, so none is shown: the
 * message keeps its words, every quoted span becomes `…`, and "Received …" is cut.
 */
export function withoutValues(message: string): string {
  return message
    .replace(/\.?\s*Received\b[\s\S]*$/, '. (value not shown)')
    .replace(/'[^'\n]*'|"[^"\n]*"|`[^`\n]*`/g, '…');
}
