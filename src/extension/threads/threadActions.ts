// What the Replies page, the inline threads, the Exchanges tree and the commands ask of a thread.
// They only call these; the implementation (threads/threadService.ts: the outbox, GraphQL mutations)
// and the panel (views/repliesPresenter.ts) are put together at activation.
import type { ThreadAction } from '../../shared/webviewProtocol';

export interface ThreadActions {
  /** Posts a reply in the ask's thread. Rejects with a message for the user when it cannot. */
  reply(askId: string, body: string): Promise<void>;
  /** Resolves or unresolves the ask's review thread. */
  setResolved(askId: string, resolved: boolean): Promise<void>;
  /** Applies the `index`-th suggestion block of a reply to the workspace file. */
  applySuggestion(askId: string, replyNodeId: string, index: number): Promise<void>;
  /** Records "I learned this" for the ask, or for one reply of it. */
  markLearned(askId: string, replyNodeId: string | null): Promise<void>;
  /** Opens the ask's code at its lines. */
  revealCode(askId: string): Promise<void>;
  /** Shows the ask in the Replies panel. */
  openAsk(askId: string): Promise<void>;
}

/**
 * A button in the thread on the Replies page, done through the same ThreadActions as the inline
 * threads, the tree and the commands: one way for every thread action. A failed reply is not thrown:
 * the page shows what went wrong (replyError) and keeps the draft.
 */
export function runThreadAction(actions: ThreadActions, action: ThreadAction): Promise<void> {
  switch (action.type) {
    case 'reply':
      return actions.reply(action.askId, action.body).catch(() => undefined);
    case 'applySuggestion':
      return actions.applySuggestion(action.askId, action.replyId, action.index);
    case 'setResolved':
      return actions.setResolved(action.askId, action.resolved);
    case 'markLearned':
      return actions.markLearned(action.askId, action.replyId);
    case 'revealCode':
      return actions.revealCode(action.askId);
  }
}
