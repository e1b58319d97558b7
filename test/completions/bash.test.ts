// cx's bash completion (completions/cx.bash, as `cx completion bash` prints it) in a real bash; the cases
// are shared by the three shells (test/helpers/completion-shells.ts).
import { describeCompletions } from '../helpers/completion-shells.ts';

describeCompletions('bash');
