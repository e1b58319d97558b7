// Statuses cx uses when it refuses to launch. codex itself exits 0, 1 or 2 (clap), so none of
// these collide with a status codex could have produced; when codex ran, cx exits exactly as it did.
export const EXIT = {
  /** Bad cx arguments: unknown --cx- option, `+` with no name, an invalid profile name. */
  usage: 64,
  /** A blocking finding: missing credentials, an expired SSO session in CI, no region (`--cx-force` overrides). */
  blocked: 69,
  /** Unexpected failure inside cx (a bug); details only with CX_DEBUG=1. */
  internal: 70,
  /**
   * The OS keyring cx was asked to use (`cx secret`) is not available, is locked, or did not answer
   * within its bound (EX_IOERR).
   */
  keyring: 74,
  /** The trust store cannot be written or relied on (`cx trust`/`untrust`: a full disk, a directory in the way, a store others can write), EX_CANTCREAT. */
  cantCreate: 73,
  /** A .cxrc restriction forbids this run, or an untrusted .cxrc selection under strict mode. */
  denied: 77,
  /** A cx or codex configuration file cx must read is malformed, or the selected profile does not exist. */
  config: 78,
  /** The codex cx would launch leads back to cx (recursion guard). */
  recursion: 125,
  /** codex was found but cannot be executed. */
  notExecutable: 126,
  /** codex was not found. */
  notFound: 127,
} as const;

export type CxExitStatus = (typeof EXIT)[keyof typeof EXIT];
