// An ask GitHub acknowledged (sent now, or found from an earlier try), as the store keeps it.
import type { Ask } from '../model';
import type { LocalStore, OutboxEntry } from '../store/store';
import type { PostResult } from './post';

/** The ask record for an outbox item GitHub has: what was asked, where, and where it landed. */
export function sentAsk(item: Pick<OutboxEntry, 'createdAt'>, result: PostResult): Ask {
  const plan = result.plan;
  return {
    id: plan.id,
    direction: 'sent',
    partner: plan.partner,
    question: plan.question,
    target: result.target,
    createdAt: item.createdAt,
    posted: result.posted,
    ...(plan.topic ? { topic: plan.topic } : {}),
    ...(plan.anchor ? { anchor: plan.anchor } : {}),
  };
}

/** Records the sent ask in the store and returns it. */
export function recordSentAsk(store: LocalStore, item: Pick<OutboxEntry, 'createdAt'>, result: PostResult): Ask {
  const ask = sentAsk(item, result);
  store.upsertAsk(ask);
  return ask;
}
