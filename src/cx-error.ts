import type { CxExitStatus } from './exit-status.ts';

/**
 * A refusal caused by the user's input or machine (not a bug in cx): printed as one line on
 * stderr, never with a stack trace, and mapped to a documented exit status.
 */
export class CxError extends Error {
  readonly status: CxExitStatus;
  /** What to do about it, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, status: CxExitStatus, hint?: string) {
    super(message);
    this.name = 'CxError';
    this.status = status;
    this.hint = hint;
  }
}

/**
 * Whether `error` is a CxError. Structural, not `instanceof`: cx's commands are separate bundles,
 * each with its own copy of this class.
 */
export function isCxError(error: unknown): error is CxError {
  return error instanceof Error && error.name === 'CxError' && typeof (error as { status?: unknown }).status === 'number';
}
