// splitArgv on the edges test/cli/split-argv.test.ts leaves: what a plain launch claims (no json),
// a lone +PROFILE, and commands other than a launch and explain, which take no prefix at all.
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/cli/split-argv.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';

describe('splitArgv', () => {
  it('a plain launch: no json, nothing escaped, no options', () => {
    expect(splitArgv(['exec', 'hi'])).toEqual({ command: 'launch', plusProfile: null, options: new Set(), json: false, rest: ['exec', 'hi'], escaped: false });
    expect(splitArgv([])).toEqual({ command: 'launch', plusProfile: null, options: new Set(), json: false, rest: [], escaped: false });
  });

  it('a lone +PROFILE or --cx- option: claimed, and nothing left for codex', () => {
    expect(splitArgv(['+work'])).toMatchObject({ plusProfile: 'work', rest: [] });
    expect(splitArgv(['--cx-strict'])).toMatchObject({ options: new Set(['--cx-strict']), rest: [] });
    expect(splitArgv(['explain'])).toMatchObject({ command: 'explain', json: false, rest: [] });
  });

  it('other cx commands take no prefix: +NAME, --cx- options and command-like words are theirs', () => {
    expect(splitArgv(['trust', '+x'])).toMatchObject({ command: 'trust', plusProfile: null, rest: ['+x'] });
    expect(splitArgv(['secret', 'list'])).toMatchObject({ command: 'secret', rest: ['list'] });
    expect(splitArgv(['profiles', '--cx-force'])).toMatchObject({ command: 'profiles', options: new Set(), rest: ['--cx-force'] });
    expect(splitArgv(['doctor', '--json'])).toMatchObject({ command: 'doctor', json: false, rest: ['--json'] });
    expect(splitArgv(['__complete', 'profiles'])).toMatchObject({ command: '__complete', rest: ['profiles'] });
  });

  it('--cx-dry-run turns only a launch into explain', () => {
    expect(splitArgv(['explain', '--cx-dry-run', 'exec']).command).toBe('explain');
    expect(splitArgv(['doctor', '--cx-dry-run']).command).toBe('doctor');
  });

  it('a word that is not a prompt is refused after the prefix too, and passes with --', () => {
    expect(cxErrorOf(() => splitArgv(['+work', 'status']), 'a usage error').status).toBe(EXIT.usage);
    expect(cxErrorOf(() => splitArgv(['explain', 'list']), 'a usage error').status).toBe(EXIT.usage);
    expect(splitArgv(['--', 'status']).rest).toEqual(['status']);
  });
});
