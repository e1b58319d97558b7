// `cx explain [--json] [--verbose] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]`: the plan for this run,
// launching nothing. Its prefix and codex arguments are split on the launch path (split-argv.ts),
// so yargs sees only the command word; the handler plans as a launch would and prints the plan.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommandModule, MAN_CX } from './command-module.ts';

export const explainCommand: CxCommandModule<{ json: boolean | undefined; verbose: boolean | undefined }> = {
  command: 'explain',
  describe: 'show the plan for a run ([+PROFILE] [CODEX ARGS ...]); launch nothing',
  builder: (yargs) =>
    yargs
      .usage(`usage: cx explain [--json] [--verbose] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]

Shows what \`cx [+PROFILE] [CODEX ARGS ...]\` would do here, and why, and launches nothing, in a
screenful that fits the terminal (at most 100 columns): the verdict, the profile and what selected
it, provider and model, the command, the credentials (names, where they come from and how codex
gets them, never values), and the errors and warnings. \`cx --cx-dry-run ...\` does the same.
Coloured on a terminal (NO_COLOR turns it off, FORCE_COLOR forces it).`)
      .option('verbose', {
        type: 'boolean',
        describe: 'every source consulted (and why each decided or passed), where codex was found, every .cxrc, the environment variables added or removed, and every finding',
      })
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
    const { explainJson, explainTextHere, willLaunch } = await loadCommand('explain');
    process.stdout.write(invocation.json ? explainJson(plan) : explainTextHere(plan, invocation.verbose === true, context.env));
    process.exitCode = willLaunch(plan) ? 0 : (plan.refusal?.status ?? EXIT.usage);
  },
};
