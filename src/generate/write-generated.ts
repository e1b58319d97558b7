// `npm run generate`, step 2: every file made from the registry (generated-files.ts), each written
// only when it changed (temp file + rename).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CX_COMMAND_MODULES } from '../commands/index.ts';
import { generatedFiles } from './generated-files.ts';

const root = process.cwd();
const read = (path: string): string => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '');
for (const { path, text } of generatedFiles({ commands: CX_COMMAND_MODULES }, read)) {
  if (read(path) === text) continue;
  const temp = join(root, `${path}.generate-tmp`);
  writeFileSync(temp, text);
  renameSync(temp, join(root, path));
  process.stdout.write(`wrote ${path}\n`);
}
