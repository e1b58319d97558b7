// cx's fish completion (completions/cx.fish, as `cx completion fish` prints it) in a real fish; the cases
// are shared by the three shells (test/helpers/completion-shells.ts).
import { describeCompletions } from '../helpers/completion-shells.ts';

describeCompletions('fish');
