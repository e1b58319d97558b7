// A `codex` shim that `cx shim install` writes carries this marker, so cx can tell it apart from
// the real codex even when it is a script rather than a symlink to cx.
export const SHIM_MARKER = 'cx-shim: this codex runs cx';

/** Shims are tiny; anything bigger is not one, and is not read. */
export const SHIM_MAX_BYTES = 4096;
