import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { CommandContext } from './command-context.ts';

export async function shimCommand(args: readonly string[], context: CommandContext): Promise<number> {
  void args;
  void context;
  throw new CxError('`cx shim` is not implemented yet', EXIT.usage);
}
