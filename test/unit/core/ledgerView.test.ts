import { strict as assert } from 'node:assert';
import type { GiveBackItem } from '../../../src/core/ledger/giveBack';
import { DEFAULT_DRIFT, NO_TOPIC, type LedgerEvent } from '../../../src/core/ledger/ledger';
import { ledgerView, timeline } from '../../../src/core/ledger/view';
import { ledgerProtocol } from '../../../src/shared/ledgerProtocol';

const NOW = Date.parse('2026-11-21T12:00:00Z');
let n = 0;
const lesson = (at: string, from: string, to: string, topic?: string): LedgerEvent => ({
  kind: 'lesson',
  id: `l${++n}`,
  at,
  from,
  to,
  text: `lesson ${n}`,
  url: `https://github.com/ada/x/issues/1#issuecomment-${n}`,
  ...(topic ? { topic } : {}),
});
const help = (at: string, from: string, to: string, type: 'mergedPullRequest' | 'review' | 'answer', topic?: string): LedgerEvent => ({
  kind: 'help',
  id: `h${++n}`,
  at,
  from,
  to,
  type,
  title: `help ${n}`,
  url: `https://github.com/grace/y/pull/${n}`,
  ...(topic ? { topic } : {}),
});

describe('core/ledger/view', () => {
  it('keeps to what the page accepts: at most 200 partners (the most recently active) and 100 ways to give back each', () => {
    const many: LedgerEvent[] = Array.from({ length: 250 }, (_, i) => ({
      kind: 'lesson',
      id: `l${i}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      from: `p${i}`,
      to: 'ada',
      text: 't',
      url: 'https://x/1',
    }));
    const items: GiveBackItem[] = Array.from({ length: 150 }, (_, i) => ({ kind: 'helpWanted', title: `t${i}`, url: `https://x/${i}`, why: 'w' }));
    const view = ledgerView(many, 'ada', new Map([['p249', items]]), DEFAULT_DRIFT, Date.UTC(2026, 1, 1));
    assert.equal(view.partners.length, 200);
    assert.equal(view.partners[0]?.login, 'p249');
    assert.equal(view.partners[0]?.giveBack.length, 100);
    assert.ok(ledgerProtocol.parseState(view), 'the page accepts it');
  });

  it('adds up each partner: totals, balance from given vs received, topics with "(no topic)" last', () => {
    const events = [
      lesson('2026-11-01T10:00:00Z', 'Grace', 'ada', 'testing'),
      lesson('2026-11-02T10:00:00Z', 'grace', 'ada', 'testing'),
      lesson('2026-11-03T10:00:00Z', 'ada', 'grace', 'rust'),
      help('2026-11-04T10:00:00Z', 'grace', 'ada', 'review'),
      help('2026-11-05T10:00:00Z', 'grace', 'ada', 'answer'),
      help('2026-11-06T10:00:00Z', 'ada', 'grace', 'mergedPullRequest'),
      lesson('2026-11-07T10:00:00Z', 'eve', 'mallory'), // not about ada
    ];
    const view = ledgerView(events, 'ada', new Map(), DEFAULT_DRIFT, NOW);
    assert.equal(view.kind, 'ledger');
    assert.equal(view.me, 'ada');
    assert.equal(view.generatedAt, '2026-11-21T12:00:00.000Z');
    assert.deepEqual(
      view.partners.map((p) => p.login),
      ['grace'],
    );
    const [grace] = view.partners;
    assert.ok(grace);
    assert.deepEqual([grace.taught, grace.learned, grace.helpGiven, grace.helpReceived], [1, 2, 1, 2]);
    assert.equal(grace.balance, (2 - 4) / 6);
    assert.deepEqual(
      grace.topics.map((t) => t.topic),
      ['testing', 'rust', NO_TOPIC],
    );
    // The topics of the pair on GitHub are listed too, after the counted ones, until an event counts them.
    const declared = ledgerView(events, 'ada', new Map(), DEFAULT_DRIFT, NOW, new Map([['grace', ['Rust', 'go']]])).partners[0];
    assert.deepEqual(
      declared?.topics.map((t) => [t.topic, t.taught + t.learned + t.helpGiven + t.helpReceived]),
      [...grace.topics.map((t) => [t.topic, t.taught + t.learned + t.helpGiven + t.helpReceived]), ['go', 0]],
    );
    assert.deepEqual(grace.topics[0], { topic: 'testing', taught: 0, learned: 2, helpGiven: 0, helpReceived: 0 });
  });

  it('draws contiguous months up to now, oldest first, zero-filled, at most 12', () => {
    const flow = (taught: number, learned = 0) => ({ taught, learned, helpGiven: 0, helpReceived: 0 });
    assert.deepEqual(
      timeline(
        new Map([
          ['2026-08', flow(2)],
          ['2026-10', flow(0, 3)],
        ]),
        NOW,
      ),
      [
        { month: '2026-08', given: 2, received: 0 },
        { month: '2026-09', given: 0, received: 0 },
        { month: '2026-10', given: 0, received: 3 },
        { month: '2026-11', given: 0, received: 0 },
      ],
    );
    const long = timeline(
      new Map([
        ['2024-06', flow(1)],
        ['2025-12', flow(1)],
        ['2026-02', flow(0, 1)],
      ]),
      NOW,
    );
    assert.equal(long.length, 12);
    assert.equal(long[0]?.month, '2025-12');
    assert.equal(long[11]?.month, '2026-11');
    assert.deepEqual(
      long.slice(0, 3).map((m) => [m.given, m.received]),
      [
        [1, 0],
        [0, 0],
        [0, 1],
      ],
    );
    // A pair quiet for over a year: the 12 months up to its last event, across a year boundary.
    const old = timeline(
      new Map([
        ['2023-03', flow(1)],
        ['2024-02', flow(0, 2)],
      ]),
      NOW,
    );
    assert.deepEqual([old[0]?.month, old[old.length - 1]?.month, old.length], ['2023-03', '2024-02', 12]);
    assert.deepEqual(timeline(new Map(), NOW), []);
  });

  it('says the drift in words and keeps the give-back suggestions (web links only)', () => {
    const received = Array.from({ length: 9 }, (_, i) => lesson(`2026-11-${String(i + 1).padStart(2, '0')}T10:00:00Z`, 'grace', 'ada'));
    const given = [help('2026-11-10T10:00:00Z', 'ada', 'grace', 'review'), help('2026-11-11T10:00:00Z', 'ada', 'grace', 'answer')];
    const items: GiveBackItem[] = [
      { kind: 'openAsk', title: 'Why a Map?', url: 'https://github.com/grace/x/issues/3', askId: 'ask-1', why: '@grace asked you' },
      { kind: 'helpWanted', title: 'Flaky test', url: 'https://github.com/grace/y/issues/9', why: 'labelled help wanted' },
      { kind: 'helpWanted', title: 'Evil', url: 'javascript:alert(1)', why: 'x' },
    ];
    const [grace] = ledgerView([...received, ...given], 'ada', new Map([['Grace', items]]), DEFAULT_DRIFT, NOW).partners;
    assert.deepEqual(grace?.drift, {
      state: 'receiving',
      given: 2,
      received: 9,
      message: 'You have received 9 and given 2 in the last 60 days. Ways to give back:',
    });
    assert.deepEqual(grace?.giveBack, [
      { kind: 'openAsk', title: 'Why a Map?', url: 'https://github.com/grace/x/issues/3', askId: 'ask-1', why: '@grace asked you' },
      { kind: 'helpWanted', title: 'Flaky test', url: 'https://github.com/grace/y/issues/9', askId: null, why: 'labelled help wanted' },
    ]);
    const [one] = ledgerView([...received, ...given], 'ada', new Map([['grace', items.slice(0, 1)]]), DEFAULT_DRIFT, NOW).partners;
    assert.equal(one?.drift.message, 'You have received 9 and given 2 in the last 60 days. A way to give back:');
    const [none] = ledgerView([...received, ...given], 'ada', new Map(), DEFAULT_DRIFT, NOW).partners;
    assert.match(none?.drift.message ?? '', /^You have received 9 and given 2 in the last 60 days\. When you can, offer @grace a review/);
    const giving = ledgerView(
      received.map((e) => ({ ...e, from: 'ada', to: 'grace' })),
      'ada',
      new Map(),
      DEFAULT_DRIFT,
      NOW,
    ).partners[0];
    assert.equal(giving?.drift.state, 'giving');
    assert.match(giving?.drift.message ?? '', /^You have given 9 and received 0 in the last 60 days\. @grace has things to teach too/);
    const few = ledgerView(received.slice(0, 2), 'ada', new Map(), DEFAULT_DRIFT, NOW).partners[0];
    assert.equal(few?.drift.state, 'tooFew');
    assert.match(few?.drift.message ?? '', /too early to say/);
    const even = ledgerView([...received.slice(0, 3), ...given, ...given.slice(0, 1)], 'ada', new Map(), DEFAULT_DRIFT, NOW).partners[0];
    assert.deepEqual(even?.drift, { state: 'balanced', given: 3, received: 3, message: 'Balanced in the last 60 days: you gave 3 and received 3.' });
  });

  it('lists the latest 10 events newest first, in words from your side', () => {
    const events = Array.from({ length: 14 }, (_, i) =>
      lesson(`2026-10-${String(i + 10).padStart(2, '0')}T10:00:00Z`, i % 2 ? 'ada' : 'grace', i % 2 ? 'grace' : 'ada'),
    );
    events.push(help('2026-10-30T10:00:00Z', 'grace', 'ada', 'mergedPullRequest'), help('2026-10-31T10:00:00Z', 'ada', 'grace', 'review'));
    const [grace] = ledgerView(events.reverse(), 'ada', new Map(), DEFAULT_DRIFT, NOW).partners;
    assert.equal(grace?.recent.length, 10);
    assert.deepEqual(
      grace?.recent.map((r) => r.at.slice(5, 10)),
      ['10-31', '10-30', '10-23', '10-22', '10-21', '10-20', '10-19', '10-18', '10-17', '10-16'],
    );
    assert.deepEqual(grace?.recent[0], {
      at: '2026-10-31T10:00:00Z',
      text: `You reviewed @grace's pull request: help ${n}`,
      url: `https://github.com/grace/y/pull/${n}`,
      direction: 'gave',
    });
    assert.equal(grace?.recent[1]?.text, `You merged @grace's pull request: help ${n - 1}`);
    assert.equal(grace?.recent[1]?.direction, 'received');
    assert.match(grace?.recent[2]?.text ?? '', /^@grace learned from you: lesson \d+$/);
    assert.match(grace?.recent[3]?.text ?? '', /^You learned from @grace: lesson \d+$/);
  });

  it('shows partners from the give-back map before any event, and the most recently active first', () => {
    const events = [lesson('2026-09-01T10:00:00Z', 'grace', 'ada'), lesson('2026-11-01T10:00:00Z', 'linus', 'ada')];
    const view = ledgerView(
      events,
      'ada',
      new Map([
        ['Margaret', []],
        ['grace', []],
      ]),
      DEFAULT_DRIFT,
      NOW,
    );
    assert.deepEqual(
      view.partners.map((p) => p.login),
      ['linus', 'grace', 'Margaret'],
    );
    const margaret = view.partners[2];
    assert.deepEqual([margaret?.balance, margaret?.months, margaret?.topics, margaret?.recent, margaret?.drift.state], [0, [], [], [], 'tooFew']);
    assert.equal(margaret?.drift.message, 'Nothing between you and @Margaret in the last 60 days.');
  });
});
