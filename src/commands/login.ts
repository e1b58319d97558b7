// `cx login +PROFILE [CODEX LOGIN ARGS]` and `cx logout +PROFILE`: a login of the profile's own
// (src/cli/login.ts does the work). Without a +PROFILE the words are codex's own `codex login` and
// `codex logout` (split-argv.ts leaves them to the launch). The words after +PROFILE are codex's
// login arguments, taken as they are: the handlers run without yargs.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommand, MAN_CX } from './command-module.ts';

const LOGIN_USAGE = `usage: cx login +PROFILE [CODEX LOGIN ARGS]

Runs codex's own \`codex login\` (browser, --device-auth, --with-api-key or --with-access-token,
the key or token read from stdin) so that the login belongs to PROFILE only: every later run with
PROFILE (a launch, exec, explain, doctor, status) uses it; runs with other profiles, or none, use
codex's own login, which is never touched. The login is kept in a directory of cx's state
($XDG_STATE_HOME/cx/logins/…, private to you) that codex is given as its CODEX_HOME; codex's
config, profiles, sessions, history and logs stay shared with the real CODEX_HOME. Without
+PROFILE, \`cx login\` is codex's own \`codex login\`.`;

const LOGOUT_USAGE = `usage: cx logout +PROFILE

Removes PROFILE's own login (codex's \`codex logout\` there, then the directory): runs with PROFILE
use codex's own login again. Other profiles' logins and codex's own are not touched. Without
+PROFILE, \`cx logout\` is codex's own \`codex logout\`.`;

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const LOGIN_SYNOPSIS = [
  String.raw`.Cm login
.Cm + Ns Ar PROFILE
.Op Ar CODEX_LOGIN_ARGS ...`,
];

const LOGOUT_SYNOPSIS = [
  String.raw`.Cm logout
.Cm + Ns Ar PROFILE`,
];

const LOGIN_MAN = String.raw`.It Cm login Cm + Ns Ar PROFILE Oo Ar CODEX_LOGIN_ARGS ... Oc
A login of the profile's own: runs codex's own
.Ql codex login Ar CODEX_LOGIN_ARGS
(the browser,
.Fl -device-auth ,
.Fl -with-api-key
or
.Fl -with-access-token ,
the key or token read from standard input, which
.Nm
never reads)
so that what it stores belongs to
.Ar PROFILE
only.
Every later run with
.Ar PROFILE
.Pq a launch, Cm exec , Cm explain , Cm doctor , Cm status
uses it; runs with other profiles, or none, use codex's own login, which is never read or
changed.
The login is kept in a directory of
.Nm Ns 's
state,
.Pa $XDG_STATE_HOME/cx/logins/ Ns Ar KEY Ns Pa / Ns Ar PROFILE
.Po
.Ar KEY
names the
.Ev CODEX_HOME
it belongs to; mode 0700
.Pc ,
that codex is given as its
.Ev CODEX_HOME :
it holds the profile's
.Pa auth.json
(or, with
.Li cli_auth_credentials_store = \(dqkeyring\(dq ,
codex's keyring entry, which codex names after the
.Ev CODEX_HOME
path, so it is the profile's own too) and links to every other entry of the real
.Ev CODEX_HOME ,
so that codex's configuration, profiles, sessions, history and logs stay shared; its SQLite
databases stay there too
.Pq Ev CODEX_SQLITE_HOME .
Each run with the profile links what appeared in the real home since (one directory read).
Runs with different profiles may run at the same time.
Exits as codex login did; 64 without
.Cm + Ns Ar PROFILE ,
78 when the profile does not exist, 73 when the state directory cannot be written or others
can write to it.`;

const LOGOUT_MAN = String.raw`.It Cm logout Cm + Ns Ar PROFILE
Removes the profile's own login: codex's
.Ql codex logout
in its directory (which removes a keyring entry too), then the directory; links are removed,
never followed.
Other profiles' logins and codex's own are not touched.
Exits as codex logout did; 66 when the profile has no login of its own.`;

/** codex's login arguments are never yargs's (`cx login +P --help` is codex login's help). */
const always = (): boolean => true;

export const loginCommand: CxCommand = {
  command: 'login',
  describe: '+PROFILE [CODEX LOGIN ARGS]: a login of the profile\'s own (codex login)',
  about: {
    claim: 'with +PROFILE',
    bundle: 'cli/login',
    plusProfile: true,
    completer: 'codex',
    options: {},
    json: null,
    man: { synopsis: LOGIN_SYNOPSIS, entries: LOGIN_MAN },
  },
  builder: (yargs) =>
    yargs.usage(LOGIN_USAGE).epilogue(`Exit status: codex login's; ${EXIT.usage} usage; ${EXIT.config} no such profile; ${EXIT.cantCreate} cx's state directory cannot be written or is not safe.
${MAN_CX}`),
  runsWithoutParser: always,
  handler: async ({ cx: { context, invocation } }) => {
    const { runLogin } = await loadCommand('login');
    process.exitCode = await runLogin(invocation.rest, context);
  },
};

export const logoutCommand: CxCommand = {
  command: 'logout',
  describe: '+PROFILE: remove the profile\'s own login',
  about: {
    claim: 'with +PROFILE',
    bundle: 'cli/login',
    plusProfile: true,
    options: {},
    json: null,
    man: { synopsis: LOGOUT_SYNOPSIS, entries: LOGOUT_MAN },
  },
  builder: (yargs) =>
    yargs.usage(LOGOUT_USAGE).epilogue(`Exit status: codex logout's; 66 the profile has no login of its own; ${EXIT.usage} usage; ${EXIT.config} no such profile.
${MAN_CX}`),
  runsWithoutParser: always,
  handler: async ({ cx: { context, invocation } }) => {
    const { runLogout } = await loadCommand('login');
    process.exitCode = await runLogout(invocation.rest, context);
  },
};
