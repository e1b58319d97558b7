import { dirname, resolve } from 'node:path';
import type { Env } from '../config/home-dirs.ts';
import { GUARD_VAR } from '../launch/recursion-guard.ts';
import { LISTING, fingerprint, identity, listingPrint } from './fingerprint.ts';

// Records what a plan read while it is made: every path touched through node:fs (with its
// fingerprint taken just before the first touch, so a change racing with the plan shows as a
// change), every environment variable read, and anything the cache cannot follow (an isatty, an
// asynchronous file call, the environment read whole other than to copy it for codex). The
// wrappers exist only for the duration of one plan; docs/plan-cache.md.

declare const __CX_BUNDLED__: boolean | undefined;

export interface Trace {
  /** Absolute path → fingerprint (or identity, for the directories above a realpath) before the plan first touched it. */
  files: Map<string, string>;
  /** Variable name → its value when first read (undefined: absent). Held in memory only. */
  env: Map<string, string | undefined>;
  /** Why the plan cannot be kept, when the trace saw something it cannot record. */
  untraceable: string | null;
}

/** Functions of node:fs whose first argument is a path the plan depends on. */
const PATH_CALLS = ['openSync', 'statSync', 'lstatSync', 'existsSync', 'accessSync', 'readdirSync', 'readFileSync', 'readlinkSync', 'realpathSync'] as const;
/** Calls the trace cannot follow (their result arrives after the plan's own fingerprints). */
const ASYNC_CALLS = ['open', 'stat', 'lstat', 'access', 'readdir', 'readFile', 'readlink', 'realpath', 'exists'] as const;

type AnyFunction = (...args: unknown[]) => unknown;

/** Whether `caller` is among the few frames above: a short stack is much cheaper to make. */
function calledFrom(caller: string): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 6;
  try {
    return new Error().stack?.includes(`at ${caller} (`) ?? false;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function stackShowsChildEnv(): boolean {
  // Only the copy for codex's environment may read the environment whole (plan/child-env.ts).
  return calledFrom('childEnv');
}

/** A view of `env` that records each name read; reading it whole is allowed only to copy it. */
function tracedEnv(env: Env, trace: Trace): Env {
  // Object.entries and a spread read each own key as [[GetOwnProperty]] then [[Get]]: those reads,
  // in that order right after ownKeys, are the copy, not a decision.
  let copying: string[] | null = null;
  let at = 0;
  let described = false;
  const record = (name: string | symbol): void => {
    copying = null;
    if (typeof name !== 'string' || name === GUARD_VAR || trace.env.has(name)) return;
    trace.env.set(name, env[name]);
  };
  return new Proxy(env as Record<string, string | undefined>, {
    get(target, name) {
      if (copying !== null && described && copying[at] === name) {
        described = false;
        at += 1;
        if (at === copying.length) copying = null;
      } else record(name);
      return Reflect.get(target, name);
    },
    has(target, name) {
      record(name);
      return Reflect.has(target, name);
    },
    getOwnPropertyDescriptor(target, name) {
      if (copying !== null && !described && copying[at] === name) described = true;
      else record(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      if (!stackShowsChildEnv()) trace.untraceable ??= 'the environment was read whole';
      copying = keys.filter((key): key is string => typeof key === 'string');
      at = 0;
      described = false;
      if (copying.length === 0) copying = null;
      return keys;
    },
  });
}

/** `path` and every directory above it: a realpath depends on which file each is, not on its times. */
function withAncestors(path: string): string[] {
  const paths = [path];
  for (let dir = dirname(path); dir !== paths.at(-1); dir = dirname(dir)) paths.push(dir);
  return paths;
}

/**
 * Runs `plan` with the environment view and the node:fs and node:tty wrappers in place, and
 * returns what it returned with what it read. The wrappers are removed whatever happens.
 */
export async function traceInputs<T>(env: Env, plan: (env: Env) => Promise<T>): Promise<{ value: T; trace: Trace }> {
  const trace: Trace = { files: new Map(), env: new Map(), untraceable: null };
  // The module objects themselves (a bundler's namespace copy would not reach the planner's calls).
  const fs = process.getBuiltinModule('node:fs');
  const mutableFs = fs as unknown as Record<string, AnyFunction>;
  const restore: (() => void)[] = [];
  let busy = false;
  const note = (path: string, print: (path: string) => string = fingerprint): void => {
    const known = trace.files.get(path);
    // A path first seen by a realpath and then read itself needs its full fingerprint.
    if (known !== undefined && (print === identity || !known.startsWith('i:'))) return;
    busy = true;
    try {
      if (known !== undefined && identity(path) !== known) trace.untraceable ??= `${path} changed while the plan was made`;
      trace.files.set(path, print(path));
    } finally {
      busy = false;
    }
  };
  const noteRealpath = (path: string): void => {
    for (const each of withAncestors(path)) note(each, identity);
  };
  const replace = (owner: Record<string, AnyFunction>, name: string, make: (original: AnyFunction) => AnyFunction): void => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    const wrapper = Object.assign(make(original), original);
    owner[name] = wrapper;
    restore.push(() => {
      owner[name] = original;
    });
  };
  for (const name of PATH_CALLS) {
    replace(mutableFs, name, (original) =>
      function traced(this: unknown, ...args: unknown[]): unknown {
        if (!busy) {
          const target = args[0];
          if (typeof target === 'string') {
            if (name === 'realpathSync') noteRealpath(resolve(target));
            else note(resolve(target));
          } else if (typeof target !== 'number') trace.untraceable ??= `node:fs ${name} with a path that is not a string`;
        }
        const result = original.apply(this, args);
        // The one listing a plan makes is of codex's home, for its profile files: that much of it
        // is recorded (fingerprint.ts listingPrint). Any other listing cannot be judged.
        if (!busy && name === 'readdirSync' && typeof args[0] === 'string') {
          const names = Array.isArray(result) && result.every((item) => typeof item === 'string') ? (result as string[]) : null;
          if (args[1] !== undefined || names === null || !calledFrom('listProfileFiles')) trace.untraceable ??= 'a directory listing the cache cannot judge';
          else if (!trace.files.has(`${resolve(args[0])}${LISTING}`)) trace.files.set(`${resolve(args[0])}${LISTING}`, listingPrint(args[0], names));
        }
        return result;
      },
    );
  }
  const realpathSync = mutableFs['realpathSync'] as AnyFunction & { native?: AnyFunction };
  if (typeof realpathSync.native === 'function') {
    const native = realpathSync.native;
    realpathSync.native = function traced(this: unknown, ...args: unknown[]): unknown {
      if (!busy && typeof args[0] === 'string') noteRealpath(resolve(args[0]));
      else if (!busy) trace.untraceable ??= 'node:fs realpathSync.native with a path that is not a string';
      return native.apply(this, args);
    };
  }
  // fs.promises is not wrapped: touching it loads a module (~6 ms). The planner makes no such
  // call; the AWS SDK does, and Bedrock plans are not kept (decide-keep.ts).
  for (const name of ASYNC_CALLS) {
    replace(mutableFs, name, (original) =>
      function traced(this: unknown, ...args: unknown[]): unknown {
        trace.untraceable ??= `an asynchronous node:fs ${name}`;
        return original.apply(this, args);
      },
    );
  }
  // The planner asks about terminals through process.getBuiltinModule('node:tty') (loaded only
  // then: it costs milliseconds); asking at all makes the plan one that needed a person.
  const getBuiltinModule = process.getBuiltinModule;
  process.getBuiltinModule = function traced(id: string): unknown {
    if (id === 'node:tty' || id === 'tty') trace.untraceable ??= 'the plan asked whether a terminal is there';
    return getBuiltinModule.call(process, id);
  } as typeof process.getBuiltinModule;
  restore.push(() => {
    process.getBuiltinModule = getBuiltinModule;
  });
  syncEsmExports();
  try {
    const value = await plan(tracedEnv(env, trace));
    return { value, trace };
  } finally {
    for (const undo of restore.reverse()) undo();
    syncEsmExports();
  }
}

/** From source (tests), ES modules import node:fs by name: their bindings follow the object only when told. */
function syncEsmExports(): void {
  if (typeof __CX_BUNDLED__ === 'boolean' && __CX_BUNDLED__) return;
  process.getBuiltinModule('node:module').syncBuiltinESMExports();
}
