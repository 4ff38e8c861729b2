import { strict as assert } from 'node:assert';
import {
  NO_FILTER,
  NO_TOPIC,
  askState,
  asksAt,
  describeFilter,
  groupExchanges,
  isFiltering,
  isReviewThread,
  isSafeRelativePath,
  matchesFilter,
  parseFilter,
  pickFolder,
  questionTitle,
  threadLabel,
  threadStateOf,
  topicsOf,
  type AskState,
} from '../../../src/core/exchanges';
import type { Ask } from '../../../src/core/model';

const repo = { host: 'github.com', owner: 'ada', name: 'lru-cache' };
const posted = { url: 'https://github.com/ada/lru-cache/pull/1#discussion_r1', nodeId: 'C1', databaseId: 1 };

function ask(id: string, over: Partial<Ask> & { thread?: { resolved: boolean; outdated: boolean } } = {}): Ask {
  return {
    id,
    direction: 'sent',
    partner: 'grace',
    question: `Question ${id}?`,
    target: { kind: 'issue', repo },
    createdAt: `2025-01-0${id.length}T00:00:00Z`,
    posted,
    ...over,
  };
}

function anchored(id: string, path: string, startLine: number, endLine: number, createdAt = '2025-01-01T00:00:00Z'): Ask {
  return ask(id, { createdAt, anchor: { repo, path, commit: 'abc', startLine, endLine, snippet: '' } });
}

describe('core/exchanges', () => {
  it('classifies an ask, the most urgent state first', () => {
    const a = ask('a');
    assert.equal(askState(a, { replies: 0, unread: 0 }), 'open');
    assert.equal(askState(a, { replies: 2, unread: 0 }), 'answered');
    assert.equal(askState(a, { replies: 2, unread: 1 }), 'unread');
    const resolved = ask('r', { thread: { resolved: true, outdated: false, syncedAt: '2026-11-01T00:00:00Z' } });
    assert.equal(askState(resolved, { replies: 2, unread: 0 }), 'resolved');
    assert.equal(askState(resolved, { replies: 2, unread: 1 }), 'unread', 'a new reply on a resolved thread still wants reading');
    assert.equal(askState(a, { replies: 0, unread: 0, queued: true }), 'queued');
    assert.equal(askState(ask('q', { posted: undefined }), { replies: 0, unread: 0 }), 'queued', 'not on GitHub yet');
    assert.equal(askState(a, { replies: 0, unread: 0, queued: true, failed: true }), 'failed');
  });

  it('reads the review-thread state sync recorded (the store’s guard already refused malformed ones)', () => {
    assert.equal(threadStateOf(ask('a')), undefined);
    assert.deepEqual(threadStateOf(ask('b', { thread: { resolved: true, outdated: true, syncedAt: '2026-11-01T00:00:00Z' } })), {
      resolved: true,
      outdated: true,
    });
    assert.deepEqual(threadStateOf(ask('c', { thread: { resolved: false, outdated: true, syncedAt: '2026-11-01T00:00:00Z' } })), {
      resolved: false,
      outdated: true,
    });
    assert.equal(isReviewThread(ask('d')), false);
    assert.equal(isReviewThread(ask('e', { posted: { ...posted, threadNodeId: 'T1' } })), true);
  });

  it('groups asks under partners, each way, newest first, leaving out non-partners', () => {
    const asks = [
      ask('s1', { createdAt: '2025-01-01T00:00:00Z' }),
      ask('s2', { createdAt: '2025-01-03T00:00:00Z', partner: 'Grace' }),
      ask('r1', { direction: 'received' }),
      ask('x1', { partner: 'linus' }),
    ];
    const groups = groupExchanges(['grace', 'alan'], asks, () => 'open');
    assert.deepEqual(
      groups.map((g) => [g.partner, g.sent.map((a) => a.id), g.received.map((a) => a.id), g.hidden]),
      [
        ['grace', ['s2', 's1'], ['r1'], 0],
        ['alan', [], [], 0],
      ],
    );
  });

  it('filters by state and topic, counting what it hides', () => {
    const asks = [ask('a', { topic: 'Testing' }), ask('b', { topic: 'rust' }), ask('c')];
    const states: Record<string, AskState> = { a: 'unread', b: 'open', c: 'unread' };
    const stateOf = (x: Ask) => states[x.id] ?? 'open';
    const byState = groupExchanges(['grace'], asks, stateOf, { states: ['unread'], topics: [] })[0];
    assert.deepEqual(
      byState?.sent.map((x) => x.id),
      ['a', 'c'],
    );
    assert.equal(byState?.hidden, 1);
    const byTopic = groupExchanges(['grace'], asks, stateOf, { states: [], topics: ['testing', NO_TOPIC] })[0];
    assert.deepEqual(
      byTopic?.sent.map((x) => x.id),
      ['a', 'c'],
      'topics match case-insensitively; NO_TOPIC matches asks without one',
    );
    assert.ok(matchesFilter(asks[1], 'open', NO_FILTER));
    assert.ok(!matchesFilter(asks[1], 'open', { states: ['unread'], topics: ['rust'] }), 'both dimensions must match');
  });

  it('describes the filter in words, and nothing when there is none', () => {
    assert.equal(describeFilter(NO_FILTER), undefined);
    assert.equal(isFiltering(NO_FILTER), false);
    assert.equal(describeFilter({ states: ['unread', 'answered'], topics: ['testing', NO_TOPIC] }), 'unread replies or answered; topic testing or none');
  });

  it('reads a stored filter back, dropping unknown states', () => {
    assert.deepEqual(parseFilter({ states: ['unread', 'bogus', 'unread', 3], topics: ['x', 4] }), { states: ['unread'], topics: ['x'] });
    for (const bad of [undefined, null, 'x', 7]) assert.deepEqual(parseFilter(bad), NO_FILTER);
  });

  it('lists topics once, sorted', () => {
    assert.deepEqual(topicsOf([ask('a', { topic: 'rust' }), ask('b', { topic: 'Rust ' }), ask('c', { topic: 'ci' }), ask('d')]), ['ci', 'rust']);
  });

  it('finds the ask at a line, the narrowest range first, then the newest', () => {
    const asks = [
      anchored('wide', 'src/lruCache.ts', 1, 20),
      anchored('narrow', 'src/lruCache.ts', 5, 6),
      anchored('narrow2', 'src/lruCache.ts', 5, 6, '2025-02-01T00:00:00Z'),
      anchored('other', 'src/other.ts', 1, 100),
      ask('noAnchor'),
    ];
    assert.deepEqual(
      asksAt(asks, 'src/lruCache.ts', 5).map((a) => a.id),
      ['narrow2', 'narrow', 'wide'],
    );
    assert.deepEqual(
      asksAt(asks, 'src/lruCache.ts', 20).map((a) => a.id),
      ['wide'],
      'the end line is inside',
    );
    assert.deepEqual(asksAt(asks, 'src/lruCache.ts', 21), []);
    assert.deepEqual(
      asksAt(asks, './src\\lruCache.ts', 1).map((a) => a.id),
      ['wide'],
      'paths compare with forward slashes',
    );
  });

  it('picks the folder that holds an anchored file', () => {
    assert.equal(pickFolder([], 'lru-cache'), -1);
    assert.equal(pickFolder([{ name: 'app' }], 'lru-cache'), 0);
    assert.equal(pickFolder([{ name: 'app' }, { name: 'LRU-cache' }], 'lru-cache'), 1, 'the folder named like the repository');
    assert.equal(pickFolder([{ name: 'app' }, { name: 'web' }], 'lru-cache'), 0);
  });

  it('refuses anchor paths that leave the workspace folder', () => {
    for (const ok of ['src/a.ts', 'README.md', './src/a.ts']) assert.ok(isSafeRelativePath(ok), ok);
    for (const bad of ['', '../secret', 'src/../../x', '/etc/passwd', 'C:/x', 'src//a.ts', 'a\\..\\..\\b', 'a\0b']) assert.ok(!isSafeRelativePath(bad), bad);
  });

  it('labels threads and titles questions', () => {
    assert.equal(threadLabel(ask('a'), 2, 0), 'Asked @grace · 2 replies');
    assert.equal(threadLabel(ask('a'), 1, 1), 'Asked @grace · 1 reply · 1 new');
    assert.equal(
      threadLabel(ask('b', { direction: 'received', thread: { resolved: false, outdated: true, syncedAt: '2026-11-01T00:00:00Z' } }), 0, 0),
      '@grace asked you · no reply yet · outdated',
    );
    assert.equal(questionTitle(ask('a', { question: '  Why this loop?\nmore' })), 'Why this loop?');
    assert.equal(questionTitle(ask('a', { question: 'x'.repeat(100) }), 10), `${'x'.repeat(9)}…`);
  });
});
