// Catching the CxError a unit of cx is expected to throw.
import { CxError } from '../../src/cx-error.ts';

/** The CxError `run` throws; anything else it throws is rethrown, and returning normally is an error. */
export function cxErrorOf(run: () => unknown, expected = 'a CxError'): CxError {
  try {
    run();
  } catch (error) {
    if (error instanceof CxError) return error;
    throw error;
  }
  throw new Error(`expected ${expected}`);
}
