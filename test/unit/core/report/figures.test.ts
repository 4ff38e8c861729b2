// The report's aggregation and shard merging, including what a hostile or damaged input looks like:
// forged counts, bad logins, a corrupt shard file, a shard missing or read twice.
import { strict as assert } from 'node:assert';
import { DEFAULT_DRIFT } from '../../../../src/core/ledger/ledger';
import { allPairFigures, MAX_TOPICS_PER_WAY, OTHER_TOPICS, pairFigures, programFigures, type ReportEvent } from '../../../../src/core/report/figures';
import { makePair, parsePairs, parseShard, selectPairs, shardPairs, type Pair } from '../../../../src/core/report/pairs';
import { mergeShards, readShardFile, SHARD_KIND, SHARD_VERSION, type ShardFile } from '../../../../src/core/report/shards';
import { readCursor } from '../../../../src/core/report/cursor';

const now = Date.parse('2026-12-01T12:00:00Z');
const pair = makePair('Grace', 'ada') as Pair;
let n = 0;
const ev = (kind: ReportEvent['kind'], from: string, to: string, daysAgo: number, extra: Partial<ReportEvent> = {}): ReportEvent => ({
  id: `e${n++}`,
  kind,
  from,
  to,
  at: new Date(now - daysAgo * 86_400_000).toISOString(),
  ...(kind === 'help' ? { type: 'answer' as const } : {}),
  ...extra,
});

function shardOf(index: number, count: number, pairs: Pair[], events: ReportEvent[]): ShardFile {
  return {
    kind: SHARD_KIND,
    version: SHARD_VERSION,
    shard: { index, count },
    generatedAt: new Date(now).toISOString(),
    settings: DEFAULT_DRIFT,
    cost: { points: 3, estimatedPoints: 3, requests: 3 },
    pairs: allPairFigures(pairs, events, DEFAULT_DRIFT, now),
    warnings: [],
  };
}

describe('core/report/pairs', () => {
  it('reads a pairs file in its three forms, lower-cases and orders each pair, and skips bad entries', () => {
    const { pairs, problems } = parsePairs([
      ['Grace', 'ada'],
      'eve/bob',
      { pair: ['x', 'y'], share: false },
      ['ada', 'ada'],
      ['ada', 'not a login'],
      42,
      ['ada', 'grace'],
    ]);
    assert.deepEqual(pairs, [
      { a: 'ada', b: 'grace' },
      { a: 'bob', b: 'eve' },
    ]);
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /themselves/);
    assert.deepEqual(parsePairs({ nope: 1 }).pairs, []);
  });

  it('selects listed pairs and pairs whose agreement opts in; an agreement that opts out wins over the list', () => {
    const listed = [makePair('ada', 'grace') as Pair, makePair('bob', 'eve') as Pair];
    const chosen = selectPairs(listed, [
      { partners: ['eve', 'bob'], shareWithProgram: false },
      { partners: ['x', 'y'], shareWithProgram: true },
      { partners: ['p', 'q'] },
    ]);
    assert.deepEqual(chosen, [
      { a: 'ada', b: 'grace' },
      { a: 'x', b: 'y' },
    ]);
  });

  it('puts every pair in exactly one shard, and a pair stays in its shard when others join', () => {
    const pairs = Array.from({ length: 200 }, (_, i) => makePair(`u${i}`, `v${i}`) as Pair);
    const shards = [1, 2, 3, 4].map((i) => shardPairs(pairs, i, 4));
    assert.equal(shards.flat().length, 200);
    assert.ok(shards.every((s) => s.length > 20));
    const more = [...pairs, ...Array.from({ length: 50 }, (_, i) => makePair(`w${i}`, `z${i}`) as Pair)];
    assert.deepEqual(
      shardPairs(more, 2, 4).filter((p) => pairs.includes(p)),
      shards[1],
    );
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', 'x/2', '1/0', '1/999', '', '/']) assert.equal(typeof parseShard(bad), 'string', bad);
  });
});

describe('core/report/figures', () => {
  it('counts lessons and help each way, topics each way, activity and the months', () => {
    const events = [
      ev('lesson', 'ada', 'grace', 1, { topic: 'testing' }),
      ev('lesson', 'ada', 'grace', 2, { topic: 'testing' }),
      ev('help', 'grace', 'ada', 3, { type: 'review', topic: 'css' }),
      ev('help', 'Grace', 'ADA', 40, { type: 'mergedPullRequest' }),
      ev('lesson', 'grace', 'ada', 400),
      ev('lesson', 'ada', 'eve', 1), // another pair
    ];
    events.push({ ...events[0] }); // a repeat
    const f = pairFigures(pair, events, DEFAULT_DRIFT, now);
    assert.deepEqual([f.aToB.lessons, f.aToB.help, f.bToA.lessons, f.bToA.help], [2, 0, 1, 2]);
    assert.deepEqual([f.bToA.reviews, f.bToA.mergedPullRequests, f.bToA.answers], [1, 1, 0]);
    assert.deepEqual({ ...f.aToB.topics }, { testing: 2 });
    assert.deepEqual({ ...f.bToA.topics }, { css: 1 });
    assert.equal(f.events, 5);
    assert.equal(f.recentEvents, 4);
    assert.equal(f.months.length, 12);
    assert.equal(f.months.at(-1)!.month, '2026-12');
    assert.equal(
      f.months.reduce((s, m) => s + m.aToB + m.bToA, 0),
      4,
      'the event 400 days ago is outside the 12 months',
    );
    assert.equal(f.drift.state, 'balanced');
    assert.equal(f.balance, -0.2, 'ada gave 2 and received 3');
  });

  it('says which side gives more when a pair has gone one-sided, and too few when it has', () => {
    const oneSided = pairFigures(
      pair,
      [1, 2, 3, 4, 5].map((d) => ev('lesson', 'grace', 'ada', d)),
      DEFAULT_DRIFT,
      now,
    );
    assert.deepEqual(oneSided.drift, { state: 'oneSided', givesMore: 'grace', share: 1 });
    assert.equal(pairFigures(pair, [ev('lesson', 'ada', 'grace', 1)], DEFAULT_DRIFT, now).drift.state, 'tooFew');
  });

  it('keeps hostile topics as plain text and bounds how many there are', () => {
    const events = Array.from({ length: 80 }, (_, i) =>
      ev('lesson', 'ada', 'grace', 1, { topic: i === 0 ? '__proto__' : `t${i}${'x'.repeat(i === 1 ? 500 : 0)}` }),
    );
    const f = pairFigures(pair, events, DEFAULT_DRIFT, now);
    assert.equal(f.aToB.topics['__proto__'], 1);
    assert.equal(Object.keys(f.aToB.topics).length, MAX_TOPICS_PER_WAY + 1);
    assert.equal(f.aToB.topics[OTHER_TOPICS], 80 - MAX_TOPICS_PER_WAY);
    assert.ok(Object.keys(f.aToB.topics).every((t) => t.length <= 100));
  });

  it('adds up the program from its pairs', () => {
    const other = makePair('bob', 'eve') as Pair;
    const figures = allPairFigures(
      [pair, other],
      [ev('lesson', 'ada', 'grace', 1, { topic: 'x' }), ev('lesson', 'grace', 'ada', 1), ev('help', 'bob', 'eve', 300)],
      DEFAULT_DRIFT,
      now,
    );
    const program = programFigures(figures, now);
    assert.deepEqual([program.pairs, program.activePairs, program.twoWayPairs, program.lessons, program.help, program.events], [2, 1, 1, 2, 1, 3]);
    assert.deepEqual(program.topics, [{ topic: 'x', count: 1 }]);
  });
});

describe('core/report/shards', () => {
  const p1 = makePair('ada', 'grace') as Pair;
  const p2 = makePair('bob', 'eve') as Pair;
  const events = [ev('lesson', 'ada', 'grace', 1), ev('help', 'eve', 'bob', 2, { type: 'review' })];

  it('merges shards into the report one run over all pairs gives', () => {
    const one = shardOf(1, 1, [p1, p2], events);
    const merged = mergeShards(
      [
        { name: 's2.json', json: JSON.parse(JSON.stringify(shardOf(2, 2, [p2], events))) },
        { name: 's1.json', json: JSON.parse(JSON.stringify(shardOf(1, 2, [p1], events))) },
      ],
      now,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(merged.pairs)), JSON.parse(JSON.stringify(one.pairs)));
    assert.deepEqual(merged.program, programFigures(one.pairs, now));
    assert.deepEqual(merged.shards, { count: 2, missing: [] });
    assert.deepEqual(merged.warnings, []);
    assert.equal(merged.cost.points, 6);
  });

  it('names a missing shard, counts a pair in two shards once, and refuses shards of another run', () => {
    const merged = mergeShards(
      [
        { name: 'a', json: shardOf(1, 3, [p1, p2], events) },
        { name: 'b', json: shardOf(2, 3, [p2], events) },
        { name: 'c', json: shardOf(2, 3, [p2], events) },
        { name: 'd', json: shardOf(1, 2, [p1], events) },
      ],
      now,
    );
    assert.deepEqual(merged.shards, { count: 3, missing: [3] });
    assert.equal(merged.pairs.length, 2);
    assert.match(merged.warnings.join('\n'), /more than one shard/);
    assert.match(merged.warnings.join('\n'), /c: shard 2 read twice/);
    assert.match(merged.warnings.join('\n'), /d: shard of another run/);
    assert.match(merged.warnings.join('\n'), /shard 3 of 3 missing/);
  });

  it('refuses corrupt files and drops forged pairs: huge or fractional counts, bad logins, sums that do not add up', () => {
    const good = JSON.parse(JSON.stringify(shardOf(1, 1, [p1, p2], events))) as { pairs: Record<string, unknown>[] };
    const forged = (change: (p: Record<string, unknown>) => void) => {
      const p = structuredClone(good.pairs[0]);
      change(p);
      return p;
    };
    const hostile = {
      ...good,
      pairs: [
        good.pairs[1],
        forged((p) => ((p.aToB as Record<string, unknown>).lessons = 1e300)),
        forged((p) => ((p.aToB as Record<string, unknown>).lessons = 0.5)),
        forged((p) => ((p.aToB as Record<string, unknown>).lessons = -1)),
        forged((p) => (p.a = '<script>')),
        forged((p) => (p.b = 'ada')),
        forged((p) => (p.events = 99)),
        forged((p) => ((p.bToA as Record<string, unknown>).help = 5)),
        forged((p) => ((p.aToB as Record<string, unknown>).topics = { ['x'.repeat(101)]: 1 })),
        forged((p) => (p.months = [{ month: '2026-13', aToB: 0, bToA: 0 }])),
        forged((p) => (p.balance = Number.NaN)),
        forged((p) => (p.drift = { state: 'oneSided', givesMore: 'mallory', share: 0.9 })),
        null,
        'text',
      ],
    };
    const read = readShardFile(hostile);
    assert.ok(typeof read !== 'string');
    assert.deepEqual(
      read.pairs.map((p) => p.a),
      ['bob'],
    );
    assert.equal(read.warnings.length, 13);
    for (const bad of [
      null,
      [],
      'x',
      { kind: 'other' },
      { ...good, version: 2 },
      { ...good, shard: { index: 3, count: 2 } },
      { ...good, pairs: 'x' },
      { ...good, settings: { windowDays: -1 } },
    ]) {
      assert.equal(typeof readShardFile(bad), 'string');
    }
    const merged = mergeShards([{ name: 'broken.json', json: undefined }], now);
    assert.equal(merged.pairs.length, 0);
    assert.match(merged.warnings[0], /broken\.json: not a Mutual Mentor report shard/);
  });
});

describe('core/report/cursor', () => {
  it('starts afresh from a cursor that is not one, or is for other searches, and drops damaged entries', () => {
    const warnings: string[] = [];
    const scope = '{"label":"mentoring","org":null}';
    assert.deepEqual(Object.keys(readCursor('garbage', scope, (w) => warnings.push(w)).pairs), []);
    assert.deepEqual(
      Object.keys(readCursor({ kind: 'mutual-mentor-report-cursor', version: 1, scope: 'other', pairs: {} }, scope, (w) => warnings.push(w)).pairs),
      [],
    );
    const cursor = readCursor(
      {
        kind: 'mutual-mentor-report-cursor',
        version: 1,
        scope,
        pairs: {
          'ada+grace': {
            since: { exchanges: '2026-11-01T00:00:00Z', mergedAB: 'not a time' },
            nodes: {
              I_1: { updatedAt: '2026-11-01T00:00:00Z', events: [{ id: 'x', kind: 'lesson', from: 'ada', to: 'grace', at: '2026-11-01T00:00:00Z' }] },
              I_2: { updatedAt: '2026-11-01T00:00:00Z', events: [{ id: 'y', kind: 'lesson', from: 'a b', to: 'grace', at: '2026-11-01T00:00:00Z' }] },
            },
          },
        },
        run: { startedAt: '2026-12-01T00:00:00Z', done: ['ada+grace', 'unknown+pair', 7] },
      },
      scope,
      (w) => warnings.push(w),
    );
    assert.deepEqual(Object.keys(cursor.pairs['ada+grace'].nodes), ['I_1']);
    assert.deepEqual(cursor.pairs['ada+grace'].since, {}, 'a pair with a damaged exchange is searched again from the start');
    assert.deepEqual(cursor.run?.done, ['ada+grace']);
    assert.equal(warnings.length, 3);
  });
});
