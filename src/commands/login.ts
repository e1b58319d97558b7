// `cx login +PROFILE [CODEX LOGIN ARGS]` and `cx logout +PROFILE`: a login of the profile's own
// (src/cli/login.ts does the work). Without a +PROFILE the words are codex's own `codex login` and
// `codex logout` (split-argv.ts leaves them to the launch). The words after +PROFILE are codex's
// login arguments, taken as they are: the handlers run without yargs.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommandModule, MAN_CX } from './command-module.ts';

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

/** codex's login arguments are never yargs's (`cx login +P --help` is codex login's help). */
const always = (): boolean => true;

export const loginCommand: CxCommandModule = {
  command: 'login',
  describe: '+PROFILE [CODEX LOGIN ARGS]: a login of the profile\'s own (codex login)',
  builder: (yargs) =>
    yargs.usage(LOGIN_USAGE).epilogue(`Exit status: codex login's; ${EXIT.usage} usage; ${EXIT.config} no such profile; ${EXIT.cantCreate} cx's state directory cannot be written or is not safe.
${MAN_CX}`),
  runsWithoutParser: always,
  handler: async ({ cx: { context, invocation } }) => {
    const { runLogin } = await loadCommand('login');
    process.exitCode = await runLogin(invocation.rest, context);
  },
};

export const logoutCommand: CxCommandModule = {
  command: 'logout',
  describe: '+PROFILE: remove the profile\'s own login',
  builder: (yargs) =>
    yargs.usage(LOGOUT_USAGE).epilogue(`Exit status: codex logout's; 66 the profile has no login of its own; ${EXIT.usage} usage; ${EXIT.config} no such profile.
${MAN_CX}`),
  runsWithoutParser: always,
  handler: async ({ cx: { context, invocation } }) => {
    const { runLogout } = await loadCommand('login');
    process.exitCode = await runLogout(invocation.rest, context);
  },
};
