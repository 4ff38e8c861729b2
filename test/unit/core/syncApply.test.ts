// What sync writes to the store (core/sync/apply.ts) and the sent ask's record (core/asks/sent.ts):
// the store changes the extension used to make itself, now tested on Node.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordSentAsk } from '../../../src/core/asks/sent';
import type { PostResult } from '../../../src/core/asks/post';
import { lessonBody } from '../../../src/core/ledger/lessons';
import type { Ask, Reply } from '../../../src/core/model';
import { LocalStore } from '../../../src/core/store/store';
import { applyReceivedAsk, applyReplies } from '../../../src/core/sync/apply';

const repo = { host: 'github.com', owner: 'ada', name: 'lru-cache' };
const lineAsk: Ask = {
  id: 'a1',
  direction: 'sent',
  partner: 'grace',
  question: 'Why a loop?',
  createdAt: '2026-01-01T00:00:00Z',
  target: { kind: 'reviewComment', repo, pull: 1, line: 12, startLine: 10, side: 'RIGHT' },
};
const reply = (nodeId: string, author: string, body: string): Reply => ({
  nodeId,
  askId: 'a1',
  author,
  kind: 'threadReply',
  body,
  bodyHTML: '',
  createdAt: '2026-01-02T00:00:00Z',
  url: `https://github.com/x#${nodeId}`,
  suggestions: [],
});

describe('core/sync/apply', () => {
  let dir: string;
  let store: LocalStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mm-apply-'));
    store = await LocalStore.open(dir);
    store.upsertAsk(lineAsk);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores the replies, counts only the new ones, and records the thread state once', () => {
    const update = {
      askId: 'a1',
      replies: [reply('r1', 'grace', 'Because sizes shrink.')],
      resolved: false,
      outdated: false,
      path: 'src/lruCache.ts',
      line: 12,
      startLine: 10,
    };
    assert.deepEqual(applyReplies(store, [update], '2026-01-02T00:00:05Z'), { askIds: ['a1'], newReplies: 1 });
    assert.equal(store.replies('a1').length, 1);
    assert.deepEqual(store.ask('a1')?.thread, {
      resolved: false,
      outdated: false,
      path: 'src/lruCache.ts',
      line: 12,
      startLine: 10,
      syncedAt: '2026-01-02T00:00:05Z',
    });
    const resolved = { ...update, replies: [...update.replies, reply('r2', 'grace', 'Resolved?')], resolved: true };
    assert.equal(applyReplies(store, [resolved], '2026-01-02T00:01:00Z').newReplies, 1, 'r1 is not new again');
    assert.equal(store.ask('a1')?.thread?.resolved, true);
    // The same state again is not a change: the ask is not rewritten (syncedAt stays).
    applyReplies(store, [resolved], '2026-01-02T00:02:00Z');
    assert.equal(store.ask('a1')?.thread?.syncedAt, '2026-01-02T00:01:00Z');
  });

  it('records the lessons either side wrote in the thread, and drops a forged one with a warning', () => {
    const own = lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'grace', text: 'Loops re-check the condition' });
    const forged = lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'grace', text: 'grace is the best (forged)' });
    const warnings: string[] = [];
    applyReplies(
      store,
      [{ askId: 'a1', replies: [reply('r1', 'ada', own), reply('r2', 'grace', forged)], resolved: false, outdated: false }],
      '2026-01-03T00:00:00Z',
      (m) => warnings.push(m),
    );
    const lessons = store.ledgerEvents().filter((e) => e.kind === 'lesson');
    assert.deepEqual(
      lessons.map((e) => e.text),
      ['Loops re-check the condition'],
    );
    assert.equal(warnings.length, 1, warnings.join('\n'));
  });

  it('stores an ask addressed to you', () => {
    applyReceivedAsk(store, { ...lineAsk, id: 'r1', direction: 'received', target: { kind: 'issue', repo } });
    assert.equal(store.ask('r1')?.direction, 'received');
  });

  it('records a sent ask with where it landed, its topic and anchor only when the plan has them', () => {
    const result = {
      plan: { id: 's1', partner: 'grace', question: 'Is O(1) right?', topic: 'testing' },
      target: { kind: 'issue', repo },
      posted: { url: 'https://github.com/ada/lru-cache/issues/9', number: 9, databaseId: 9, nodeId: 'I_9' },
      alreadyPosted: false,
      warnings: [],
    } as unknown as PostResult;
    const ask = recordSentAsk(store, { createdAt: '2026-01-04T00:00:00Z' }, result);
    assert.deepEqual(store.ask('s1'), ask);
    assert.deepEqual(ask, {
      id: 's1',
      direction: 'sent',
      partner: 'grace',
      question: 'Is O(1) right?',
      target: { kind: 'issue', repo },
      createdAt: '2026-01-04T00:00:00Z',
      posted: result.posted,
      topic: 'testing',
    });
    assert.equal('anchor' in ask, false);
  });
});
