// What sync brings, written to the store: a thread's replies (and the lessons recorded in them), its
// state on GitHub, and asks addressed to you. The one place these store changes are made, so the
// extension only reports them (ARCHITECTURE.md: the data's way from GitHub to the screen).
import { lessonEvents } from '../ledger/events';
import type { Ask } from '../model';
import type { LocalStore } from '../store/store';
import { withThreadState, type AskUpdate } from './replies';

export interface AppliedReplies {
  readonly askIds: readonly string[];
  /** Replies not in the store before (by node id). */
  readonly newReplies: number;
}

/**
 * Stores each update's replies as GitHub has them now, the lessons either side recorded in them (a
 * forged one is dropped with a warning) and the thread's resolved/outdated state. `syncedAt` is ISO 8601.
 */
export function applyReplies(
  store: LocalStore,
  updates: readonly AskUpdate[],
  syncedAt: string,
  warn: (message: string) => void = () => undefined,
): AppliedReplies {
  let newReplies = 0;
  for (const u of updates) {
    const before = new Set(store.replies(u.askId).map((r) => r.nodeId));
    newReplies += u.replies.filter((r) => !before.has(r.nodeId)).length;
    store.setReplies(u.askId, u.replies);
    store.putLedgerEvents(lessonEvents(u.replies, warn));
    const ask = store.ask(u.askId);
    const changed = ask && withThreadState(ask, u, syncedAt);
    if (changed) store.upsertAsk(changed);
  }
  return { askIds: updates.map((u) => u.askId), newReplies };
}

/** An ask addressed to you, found on GitHub. */
export function applyReceivedAsk(store: LocalStore, ask: Ask): void {
  store.upsertAsk(ask);
}
