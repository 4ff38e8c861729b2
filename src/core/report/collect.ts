// From one exchange as GitHub returned it (an issue or pull request read by queries.ts) to a pair's
// report events, under the same rules as the ledger (ARCHITECTURE.md §Markers): lessons only when their
// author is the learner (lessons.ts), answers to asks in labelled exchanges (history.ts), a pull request
// by one side merged into the other's repository, and a review with words or a verdict (help.ts).
// Bodies are read here and dropped here: what leaves is who, whom, when, what kind and the topic.
import { answers, comments } from '../ledger/history';
import { lessonsIn } from '../ledger/lessons';
import { authorLogin, connectionNodes, record, sameLogin, text, time } from '../sync/json';
import type { ReportEvent } from './figures';
import type { Pair } from './pairs';
import { THREADS } from './queries';

function labelsOf(node: Readonly<Record<string, unknown>>): string[] {
  return (connectionNodes(node.labels) ?? []).map((l) => text(record(l)?.name)).filter((n): n is string => !!n);
}

const strip = (e: { id: string; kind: 'lesson' | 'help'; type?: ReportEvent['type']; from: string; to: string; at: string; topic?: string }): ReportEvent => ({
  id: e.id,
  kind: e.kind,
  ...(e.type ? { type: e.type } : {}),
  from: e.from.toLowerCase(),
  to: e.to.toLowerCase(),
  at: e.at,
  ...(e.topic ? { topic: e.topic } : {}),
});

/** The events one exchange holds for a pair; `warn` hears what was skipped or cut short. */
export function exchangeEvents(raw: unknown, pair: Pair, exchangeLabel: string, warn: (m: string) => void): ReportEvent[] {
  const node = record(raw);
  const id = text(node?.id);
  if (!node || !id) {
    warn('an exchange GitHub returned has no id; skipped');
    return [];
  }
  const events: ReportEvent[] = [];
  const labels = labelsOf(node);
  const topic = labels.find((n) => n.toLowerCase() !== exchangeLabel.toLowerCase());
  const author = authorLogin(node.author);
  const owner = text(record(record(node.repository)?.owner)?.login);
  const { a, b } = pair;
  const inPair = (login: string | undefined) => sameLogin(login, a) || sameLogin(login, b);
  const other = (login: string) => (sameLogin(login, a) ? b : a);

  if (labels.some((n) => n.toLowerCase() === exchangeLabel.toLowerCase())) {
    const threads = (connectionNodes(node.reviewThreads) ?? []).map((t) => comments(record(t)?.comments));
    if (record(node.reviewThreads) && (connectionNodes(node.reviewThreads) ?? []).length >= THREADS)
      warn(`${id}: only its first ${THREADS} review threads are counted`);
    if ((connectionNodes(node.comments) ?? []).length >= 100) warn(`${id}: only its last 100 comments are counted`);
    const conversation = [...comments({ nodes: [node] }), ...comments(node.comments)];
    for (const list of [conversation, ...threads]) {
      for (const c of list) {
        for (const l of lessonsIn(c)) {
          events.push(
            strip({
              kind: 'lesson',
              id: `lesson:${l.nodeId}:${l.id}`,
              at: l.createdAt,
              from: l.teacher,
              to: l.learner,
              ...(l.topic ? { topic: l.topic } : {}),
            }),
          );
        }
      }
      for (const e of answers(list, '', a, b))
        events.push(strip({ kind: 'help', type: 'answer', id: e.id, at: e.at, from: e.from, to: e.to, ...(e.topic ? { topic: e.topic } : {}) }));
    }
  }

  if (node.__typename === 'PullRequest' && author && inPair(author)) {
    const mergedAt = time(node.mergedAt);
    if (mergedAt && owner && sameLogin(owner, other(author))) {
      events.push(strip({ kind: 'help', type: 'mergedPullRequest', id: `merged:${id}`, at: mergedAt, from: author, to: owner, ...(topic ? { topic } : {}) }));
    }
    // One review per reviewer and pull request, as the ledger counts it: a verdict or words of its own
    // (a reply in a review thread makes a wordless COMMENTED review, counted as what it is elsewhere).
    const reviewer = other(author);
    const review = (connectionNodes(node.reviews) ?? [])
      .map(record)
      .find(
        (r) =>
          r !== undefined &&
          sameLogin(authorLogin(r.author), reviewer) &&
          (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED' || (r.state === 'COMMENTED' && (text(r.body) ?? '').trim() !== '')),
      );
    const at = time(review?.submittedAt);
    const reviewId = text(review?.id);
    if (at && reviewId)
      events.push(strip({ kind: 'help', type: 'review', id: `review:${reviewId}`, at, from: reviewer, to: author, ...(topic ? { topic } : {}) }));
  }
  // Only this pair's events: a group exchange also holds other people's.
  return events.filter((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a));
}
