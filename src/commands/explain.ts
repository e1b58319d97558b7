// `cx explain [--json] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]`: the plan for this run,
// launching nothing. Its prefix and codex arguments are split on the launch path (split-argv.ts),
// so yargs sees only the command word; the handler plans as a launch would and prints the plan.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommandModule, MAN_CX } from './command-module.ts';

export const explainCommand: CxCommandModule<{ json: boolean | undefined }> = {
  command: 'explain',
  describe: 'show the plan for a run ([+PROFILE] [CODEX ARGS ...]); launch nothing',
  builder: (yargs) =>
    yargs
      .usage(`usage: cx explain [--json] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]

Shows what \`cx [+PROFILE] [CODEX ARGS ...]\` would do here, and why, and launches nothing: the
profile and every source consulted (and why each decided or passed), the codex binary and its
arguments, the names of environment variables added or removed, the credentials (names and where
they come from, never values), and the findings. \`cx --cx-dry-run ...\` does the same.`)
      .option('json', {
        type: 'boolean',
        describe: 'one JSON object: schemaVersion, profile, provider, model, credentials, findings, failover, command, env, launch, and cx\'s details (codex, selection, cxrc, settings)',
      })
      .epilogue(`Arguments after the prefix are read as codex would get them: \`cx explain exec --help\` explains
a run of \`codex exec --help\`.
Exit status: 0 when the run would launch, else the status the launch would exit with.
${MAN_CX}`),
  // Its prefix was split on the launch path: without a help flag there is nothing for yargs to parse.
  runsWithoutParser: (words) => words.length === 1,
  handler: async ({ cx: { context, invocation } }) => {
    const plan = await context.plan(invocation);
    // Not on the launch path: loaded only when asked for.
    const { explainJson, explainText, willLaunch } = await loadCommand('explain');
    process.stdout.write(invocation.json ? explainJson(plan) : explainText(plan));
    process.exitCode = willLaunch(plan) ? 0 : (plan.refusal?.status ?? EXIT.usage);
  },
};
