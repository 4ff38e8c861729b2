// Ledger events from what sync and the outbox already hold: the lessons in a thread's comments
// (counted only under the trust rule in lessons.ts).
import type { Reply } from '../model';
import type { LedgerEvent } from './ledger';
import { lessonsIn } from './lessons';

/** The lessons recorded in these comments, as ledger events (teaching flows teacher → learner). */
export function lessonEvents(replies: readonly Reply[], warn?: (message: string) => void): LedgerEvent[] {
  return replies.flatMap((r) =>
    lessonsIn({ body: r.body, author: r.author, createdAt: r.createdAt, url: r.url, nodeId: r.nodeId }, warn).map((l): LedgerEvent => ({
      kind: 'lesson',
      id: `lesson:${l.nodeId}:${l.id}`,
      at: l.createdAt,
      from: l.teacher,
      to: l.learner,
      text: l.text,
      url: l.url,
      ...(l.topic ? { topic: l.topic } : {}),
    })),
  );
}
