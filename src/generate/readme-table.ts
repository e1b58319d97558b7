// README's command table: each command with its positionals, its summary, and its --json schemaVersion.
import type { Registered } from './registered.ts';
import { splice } from './splice.ts';

export const README_MARKS = {
  begin: '<!-- BEGIN GENERATED command table (from src/commands/ by npm run generate; do not edit) -->',
  end: '<!-- END GENERATED command table -->',
};

const cell = (text: string): string => text.replaceAll('|', '\\|');

function row(command: Registered): string {
  const json = command.about.json === null ? '' : `schemaVersion ${command.about.json.schemaVersion}`;
  return `| \`${cell(`cx ${command.command}`)}\` | ${cell(command.describe)} | ${json} |\n`;
}

export function readmeTable(commands: readonly Registered[]): string {
  return `| command | what it does (\`cx COMMAND --help\`, man cx) | \`--json\` |\n|---|---|---|\n${commands.map(row).join('')}`;
}

export function readme(text: string, commands: readonly Registered[]): string {
  return splice(text, 'README.md', README_MARKS, readmeTable(commands));
}
