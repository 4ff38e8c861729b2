// The ThreadActions that need no GitHub write: showing an ask and its code. The writes (reply,
// resolve, apply a suggestion, record a lesson) arrive with the GitHub-backed implementation that
// replaces this one at activation; until then they say so in words.
import type { ThreadActions } from '../threads/threadActions';

export function localThreadActions(show: { openAsk(askId: string): Promise<void>; revealCode(askId: string): Promise<void> }): ThreadActions {
  const notYet = (what: string) => () => Promise.reject(new Error(`${what} from the editor is not available in this version of Mutual Mentor yet.`));
  return {
    reply: notYet('Replying'),
    setResolved: notYet('Resolving a thread'),
    applySuggestion: notYet('Applying a suggestion'),
    markLearned: notYet('Recording a lesson'),
    revealCode: (askId) => show.revealCode(askId),
    openAsk: (askId) => show.openAsk(askId),
  };
}
