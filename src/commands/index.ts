// The one list of cx's commands (yargs command modules, one file each). A new command is a module
// in this folder and one line here; split-argv.ts's CX_COMMANDS must name it too (it decides on the
// launch path, without loading these), and test/commands/registry.test.ts checks the two agree.
import type { CxCommandModule } from './command-module.ts';
import { completionCommand } from './completion.ts';
import { doctorCommand } from './doctor.ts';
import { explainCommand } from './explain.ts';
import { initCommand } from './init.ts';
import { loginCommand, logoutCommand } from './login.ts';
import { migrateCommand } from './migrate.ts';
import { profilesCommand } from './profiles.ts';
import { secretCommand } from './secret.ts';
import { shimCommand } from './shim.ts';
import { statusCommand } from './status.ts';
import { trustCommand, untrustCommand } from './trust.ts';

// Each module types its own options; the list holds them as yargs takes them.
export const CX_COMMAND_MODULES: readonly CxCommandModule<never>[] = [
  explainCommand,
  doctorCommand,
  profilesCommand,
  trustCommand,
  untrustCommand,
  secretCommand,
  completionCommand,
  migrateCommand,
  shimCommand,
  statusCommand,
  initCommand,
  loginCommand,
  logoutCommand,
] as unknown as readonly CxCommandModule<never>[];

/** The word each module is run by (the first word of its `command`). */
export function commandWord(module: { command: string }): string {
  return module.command.split(' ')[0] ?? '';
}
