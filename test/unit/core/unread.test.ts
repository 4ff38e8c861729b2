import { strict as assert } from 'node:assert';
import type { Ask, Reply } from '../../../src/core/model';
import { arrivedUnread, markRead, parseSeen, pruneSeen, seenEverything, summarizeUnread, unreadReplies, type SeenRecord } from '../../../src/core/unread';

const repo = { host: 'github.com', owner: 'ada', name: 'lru-cache' };

function ask(id: string, direction: Ask['direction'] = 'sent'): Ask {
  return { id, direction, partner: 'grace', question: `Question ${id}?`, target: { kind: 'issue', repo }, createdAt: '2025-01-01T00:00:00Z' };
}

function reply(askId: string, nodeId: string, author: string, createdAt: string): Reply {
  return {
    nodeId,
    askId,
    author,
    kind: 'threadReply',
    body: `reply ${nodeId}`,
    bodyHTML: '',
    createdAt,
    url: `https://github.com/x#${nodeId}`,
    suggestions: [],
  };
}

describe('core/unread', () => {
  const asks = [ask('a1'), ask('a2', 'received')];
  const replies: Record<string, Reply[]> = {
    a1: [
      reply('a1', 'r1', 'grace', '2025-01-02T00:00:00Z'),
      reply('a1', 'r2', 'Ada', '2025-01-02T01:00:00Z'),
      reply('a1', 'r3', 'grace', '2025-01-03T00:00:00Z'),
    ],
    a2: [reply('a2', 'r4', 'grace', '2025-01-04T00:00:00Z')],
  };
  const repliesOf = (id: string) => replies[id] ?? [];

  it('counts replies not seen, never the user’s own (login compared case-insensitively)', () => {
    const summary = summarizeUnread(asks, repliesOf, {}, 'ada');
    assert.deepEqual(
      [...summary.perAsk],
      [
        ['a1', 2],
        ['a2', 1],
      ],
    );
    assert.equal(summary.total, 3);
    assert.equal(summary.newestAskId, 'a2', 'the ask with the most recent unread reply');
  });

  it('counts every unseen reply while the login is unknown', () => {
    assert.equal(summarizeUnread(asks, repliesOf, {}).total, 4);
  });

  it('marks an ask read, leaving the others unread', () => {
    const seen = markRead({}, 'a1', repliesOf('a1'));
    const summary = summarizeUnread(asks, repliesOf, seen, 'ada');
    assert.deepEqual([...summary.perAsk], [['a2', 1]]);
    assert.equal(summary.total, 1);
    assert.deepEqual(unreadReplies(repliesOf('a1'), seen.a1, 'ada'), []);
  });

  it('sees a reply that arrives after marking read as unread, whatever its timestamp', () => {
    const seen = markRead({}, 'a1', repliesOf('a1'));
    // A review comment drafted earlier and submitted later carries an old createdAt.
    const late = reply('a1', 'r0', 'grace', '2024-12-31T00:00:00Z');
    assert.deepEqual(
      unreadReplies([...repliesOf('a1'), late], seen.a1, 'ada').map((r) => r.nodeId),
      ['r0'],
    );
  });

  it('returns unread replies oldest first', () => {
    const shuffled = [...repliesOf('a1')].reverse();
    assert.deepEqual(
      unreadReplies(shuffled, undefined, 'ada').map((r) => r.nodeId),
      ['r1', 'r3'],
    );
  });

  it('prunes asks that no longer exist and keeps the rest', () => {
    let seen: SeenRecord = markRead({}, 'a1', repliesOf('a1'));
    seen = markRead(seen, 'gone', [reply('gone', 'x', 'grace', '2025-01-01T00:00:00Z')]);
    assert.deepEqual(Object.keys(pruneSeen(seen, ['a1', 'a2'])), ['a1']);
  });

  it('stays bounded: forgets the least recently read asks first', () => {
    const limits = { asks: 2, repliesPerAsk: 10 };
    let seen: SeenRecord = {};
    for (const id of ['x', 'y', 'z']) seen = markRead(seen, id, [reply(id, `${id}1`, 'grace', '2025-01-01T00:00:00Z')], limits);
    assert.deepEqual(Object.keys(seen), ['y', 'z']);
    seen = markRead(seen, 'y', [], limits); // reading y again makes it the most recent
    seen = markRead(seen, 'w', [], limits);
    assert.deepEqual(Object.keys(seen), ['y', 'w']);
    assert.deepEqual(Object.keys(pruneSeen(seen, ['x', 'y', 'w'], { asks: 1, repliesPerAsk: 10 })), ['w']);
  });

  it('caps the ids per ask without making the oldest replies unread again', () => {
    const many = Array.from({ length: 5 }, (_, i) => reply('a1', `n${i}`, 'grace', `2025-02-0${i + 1}T00:00:00Z`));
    const seen = markRead({}, 'a1', many, { asks: 10, repliesPerAsk: 2 });
    assert.deepEqual(seen.a1?.ids, ['n4', 'n3']);
    assert.equal(seen.a1?.through, '2025-02-03T00:00:00Z');
    assert.deepEqual(unreadReplies(many, seen.a1, 'ada'), []);
    const newer = reply('a1', 'n5', 'grace', '2025-03-01T00:00:00Z');
    assert.deepEqual(
      unreadReplies([...many, newer], seen.a1, 'ada').map((r) => r.nodeId),
      ['n5'],
    );
  });

  it('keeps ids seen earlier when a later read sees fewer replies', () => {
    const first = markRead({}, 'a1', repliesOf('a1'));
    const second = markRead(first, 'a1', [repliesOf('a1')[0]]);
    assert.deepEqual(new Set(second.a1?.ids), new Set(['r1', 'r2', 'r3']));
  });

  it('starts from "everything seen" before anything was tracked', () => {
    const seen = seenEverything(asks, repliesOf);
    assert.equal(summarizeUnread(asks, repliesOf, seen, 'ada').total, 0);
    assert.deepEqual(Object.keys(seen).sort(), ['a1', 'a2']);
  });

  it('reads a stored record back, dropping what is malformed', () => {
    assert.deepEqual(
      parseSeen({ a: { ids: ['r1', 7, ''] }, b: { ids: 'r1' }, c: null, d: { ids: [], through: '2025-01-01T00:00:00Z' }, e: { ids: ['x'], through: 5 } }),
      {
        a: { ids: ['r1'] },
        d: { ids: [], through: '2025-01-01T00:00:00Z' },
        e: { ids: ['x'] },
      },
    );
    for (const bad of [undefined, null, 'x', [1, 2], 3]) assert.deepEqual(parseSeen(bad), {});
    const round = markRead({}, 'a1', repliesOf('a1'));
    assert.deepEqual(parseSeen(JSON.parse(JSON.stringify(round))), round);
  });

  it('reports only unread replies that arrived since the last look', () => {
    const known = new Set(['r1', 'r2']);
    const arrived = arrivedUnread(asks, repliesOf, {}, known, 'ada');
    assert.deepEqual(
      arrived.map((a) => [a.ask.id, a.replies.map((r) => r.nodeId)]),
      [
        ['a1', ['r3']],
        ['a2', ['r4']],
      ],
    );
    // Arrived but already read (e.g. in another window) is not news.
    assert.deepEqual(
      arrivedUnread(asks, repliesOf, markRead({}, 'a2', repliesOf('a2')), known, 'ada').map((a) => a.ask.id),
      ['a1'],
    );
    // The user's own reply is never news.
    assert.deepEqual(arrivedUnread([asks[0]], repliesOf, {}, new Set(['r1', 'r3']), 'ada'), []);
  });
});
