/** `cx shim uninstall` found no cx shim to remove (EX_NOINPUT, as `cx secret rm` of a missing name). */
export const SHIM_NONE_STATUS = 66;
/** The shim cannot be written: DIR/codex is something else, or DIR is not writable (EX_CANTCREAT). */
export const SHIM_CANNOT_WRITE_STATUS = 73;
