// The questions `cx init` asks a person at a terminal (questions on stderr, answers on stdin), for
// each value the flags did not give. Only called when person-present.ts says someone is there.
// Ctrl-C or end of input at a question ends init with nothing written.
import type { InitAnswers } from './profile-spec.ts';
import { AZURE_API_VERSION, PROVIDER_CHOICES } from './profile-spec.ts';

/** Ctrl-C (or end of input) at a question. */
export class InitAborted extends Error {
  constructor() {
    super('aborted');
    this.name = 'InitAborted';
  }
}

export interface Asker {
  /** The answer, or `fallback` for an empty one. */
  ask(question: string, fallback?: string): Promise<string>;
  close(): void;
}

/**
 * An asker on the terminal (node:readline), loaded only here. getBuiltinModule, not import(): the
 * dispatcher's bundle runs from a V8 code cache, and such a script has no dynamic-import callback.
 */
export async function terminalAsker(): Promise<Asker> {
  const { createInterface } = process.getBuiltinModule('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  rl.on('close', () => abort.abort());
  return {
    async ask(question, fallback) {
      const hint = fallback === undefined || fallback === '' ? '' : ` [${fallback}]`;
      let answer: string;
      try {
        answer = await rl.question(`cx init: ${question}${hint}: `, { signal: abort.signal });
      } catch {
        throw new InitAborted();
      }
      const trimmed = answer.trim();
      return trimmed === '' ? (fallback ?? '') : trimmed;
    },
    close() {
      rl.close();
      // readline leaves stdin flowing: pause it so the next reader (the hidden key prompt) owns it.
      process.stdin.pause();
    },
  };
}

function yes(answer: string): boolean {
  return /^y(es)?$/i.test(answer);
}

/** Fills in what the flags left open, asking in order: name, provider, Entra, model, region or URL, key name. */
export async function askAnswers(given: InitAnswers, asker: Asker, definedProviders: readonly string[]): Promise<InitAnswers> {
  const answers = { ...given };
  if (answers.name === '') answers.name = await asker.ask('profile name (letters, digits, - and _)', 'work');
  if (answers.provider === '') {
    const choices = [...PROVIDER_CHOICES, ...definedProviders.filter((p) => !(PROVIDER_CHOICES as readonly string[]).includes(p))];
    answers.provider = await asker.ask(`provider (${choices.join(', ')}, or a new ID for another server)`, 'openai');
  }
  const provider = answers.provider === 'bedrock' ? 'amazon-bedrock' : answers.provider;
  const builtIn = (PROVIDER_CHOICES as readonly string[]).includes(provider) || definedProviders.includes(provider);
  if (provider === 'azure' && !answers.entra && answers.envKey === null) {
    answers.entra = yes(await asker.ask('sign in with Entra ID (az login) instead of an API key? y/n', 'n'));
  }
  if (answers.model === null) {
    const what = provider === 'azure' ? 'deployment name (the model, as Azure names it)' : provider === 'amazon-bedrock' ? 'model (Bedrock IDs look like openai.gpt-5.5)' : "model (empty: codex's default)";
    const model = await asker.ask(what);
    answers.model = model === '' ? null : model;
  }
  if (provider === 'amazon-bedrock' && answers.region === null) answers.region = await asker.ask('AWS region', 'us-east-1');
  if ((provider === 'azure' || !builtIn) && answers.baseUrl === null) {
    const example = provider === 'azure' ? 'https://RESOURCE.openai.azure.com/openai' : 'https://llm.example.com/v1';
    answers.baseUrl = await asker.ask(`base URL (e.g. ${example})`);
  }
  if (provider === 'azure' && answers.apiVersion === null) answers.apiVersion = await asker.ask('API version', AZURE_API_VERSION);
  if (answers.envKey === null && !answers.entra && (provider === 'azure' || !builtIn)) {
    const fallback = provider === 'azure' ? 'AZURE_OPENAI_API_KEY' : `${provider.toUpperCase().replace(/-/g, '_')}_API_KEY`;
    answers.envKey = await asker.ask('name of the variable that holds the key', fallback);
  }
  return answers;
}

/** A yes/no question whose default is yes. */
export async function confirm(asker: Asker, question: string): Promise<boolean> {
  return !/^n(o)?$/i.test(await asker.ask(`${question} Y/n`, 'y'));
}
