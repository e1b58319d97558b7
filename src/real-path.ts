import { realpathSync } from 'node:fs';

/**
 * A path's canonical form, throwing as realpathSync does when it does not exist. On POSIX one
 * realpath(3) call: Node's own JavaScript walk lstats every component (~5× slower), and every
 * launch resolves cx itself and the codex it found. Windows keeps Node's walk, whose answers for
 * drives and shares the native call may spell differently.
 */
export const realPath: (path: string) => string = process.platform === 'win32' ? realpathSync : realpathSync.native;
