// `npm run generate`, step 1: src/commands/index.ts from the modules in src/commands/ (step 2,
// write-generated.ts, then loads the registry through it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandExports, commandIndex, INDEX_FILE } from './command-index.ts';

const root = process.cwd();
writeFileSync(join(root, INDEX_FILE), commandIndex(commandExports(join(root, 'src', 'commands'))));
