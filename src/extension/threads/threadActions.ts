// What the inline threads and the Exchanges tree ask of whoever talks to GitHub. The comment
// controller and the tree only call these; the implementation (outbox, GraphQL mutations) lives
// elsewhere and is passed in at activation.

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
