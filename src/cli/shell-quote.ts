// Quotes an argument the way a POSIX shell (bash/zsh for $'…') would read it back, so the command
// explain prints can be pasted and means exactly what cx will run.
const SAFE = /^[A-Za-z0-9_\-+=.,/:@%^]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  if (CONTROL.test(arg)) {
    const body = [...arg]
      .map((ch) => {
        const code = ch.codePointAt(0) ?? 0;
        if (ch === '\\' || ch === "'") return `\\${ch}`;
        if (ch === '\n') return '\\n';
        if (ch === '\t') return '\\t';
        if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
        return ch;
      })
      .join('');
    return `$'${body}'`;
  }
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
