import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { CommandContext } from './command-context.ts';

export async function completionCommand(args: readonly string[], context: CommandContext): Promise<number> {
  void args;
  void context;
  throw new CxError('`cx completion` is not implemented yet', EXIT.usage);
}
