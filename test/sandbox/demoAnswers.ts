// What the scripted demo partner says about an ask on the demo's ada/lru-cache (demoSeed.ts): the
// topic is read from the whole ask — its question, the topic in its marker, and the quoted code —
// and each topic has several short answers, handed out in turn, so two asks on one topic never get
// the same reply. Deterministic (a counter per topic), so tests are stable. Every pattern here is a
// plain word or a fixed string: linear on any text.
import { scanMarkers, stripMarkers } from '../../src/core/marker';

export interface Insight {
  readonly explanation: string;
  /** One line to put above the quoted code as a comment. */
  readonly comment: string;
}

export interface Topic {
  readonly name: string;
  /** Fixed strings looked for in the quoted code (case-sensitive: it is code). */
  readonly code: readonly string[];
  /** Words looked for in the question and the topic (case-insensitive). */
  readonly words: readonly RegExp[];
  readonly insights: readonly Insight[];
  /** An angle rather than a subject (testing): chosen only when no subject matches. */
  readonly broad?: boolean;
}

/** Most specific first: on a tie, the earlier topic wins. */
export const topics: readonly Topic[] = [
  {
    name: 'ttl',
    code: ['expires', 'ttlMs', 'this.now()', 'POSITIVE_INFINITY', 'Date.now'],
    words: [/\bttl/i, /\bexpir/i, /time[ -]to[ -]live/i, /\bstale\b/i, /\bclock\b/i, /\btimers?\b/i, /\btimeouts?\b/i],
    insights: [
      {
        explanation:
          '`get` checks `entry.expires <= this.now()`, and with `<=` an entry with a zero time-to-live is unreadable at once, which is what a caller would expect. Keeping `now` injectable is the right call: a test needs no timers.',
        comment: 'Expired entries are dropped on read, so a zero TTL never returns a value.',
      },
      {
        explanation:
          "To test expiry, pass a clock you control: `let t = 0; const cache = new LruCache<string, number>(2, 100, () => t);` then `cache.set('a', 1)`. At `t = 99`, `get('a')` is still `1`; at `t = 100` it is `undefined`.",
        comment: 'Test with a fake clock: () => t, then move t to ttlMs.',
      },
      {
        explanation:
          '`ttlMs` defaults to `Number.POSITIVE_INFINITY`, and `now() + Infinity` is `Infinity`, so without a TTL nothing ever expires: no special case needed. Note that only `set` stamps `expires`; reading a key does not extend its life.',
        comment: 'With the default ttlMs, expires is Infinity: never stale.',
      },
      {
        explanation:
          'Expiry here is lazy: an expired entry is removed only when someone `get`s it, so until then it still takes a slot and can be evicted as the least recently used. Fine for a small cache; a sweep in `set` would be the next step if memory mattered.',
        comment: 'Lazy expiry: a stale entry stays until it is read or evicted.',
      },
    ],
  },
  {
    name: 'eviction',
    code: ['keys().next()', 'oldest', 'size > this.capacity'],
    words: [/\bevict/i, /\blru\b/i, /least[ -]recently/i, /\boldest\b/i, /\bfirst key\b/i, /insertion order/i],
    insights: [
      {
        explanation:
          'A `Map` iterates in insertion order, and `get` re-inserts what it reads, so the first key from `keys().next()` is always the least recently used one. That makes eviction O(1), with no linked list or timestamps.',
        comment: 'Map iteration follows insertion order: the first key is the least recently used.',
      },
      {
        explanation:
          '`while (this.entries.size > this.capacity)` evicts until the cache fits. `set` deletes and re-adds the key before it, so the key just set is the newest and never the one evicted; as `capacity` is fixed, the loop runs at most once per `set` and an `if` would do the same.',
        comment: 'The key just set is last in order, so it is never the one evicted.',
      },
      {
        explanation:
          'The `as K` is there because `keys().next().value` may be `undefined` as far as TypeScript knows (the iterator could be done). Inside the loop the map holds more than `capacity` entries, so it is not empty and the cast is safe.',
        comment: 'Safe cast: the map is over capacity, so it is not empty.',
      },
      {
        explanation:
          'One thing to know with the TTL: eviction takes the least recently *used* key, not an expired one, so a stale entry can outlive a fresh one until it is read. Dropping expired entries first would be a nice follow-up.',
        comment: 'Evicts by recency only: expired entries are not preferred.',
      },
    ],
  },
  {
    name: 'recency',
    code: ['delete(key)', 'set(key', 'Re-insert'],
    words: [/most[ -]recently/i, /\bre-?insert/i, /\bdelete\b/i, /\bmoves?\b/i, /\brecency\b/i],
    insights: [
      {
        explanation:
          'Deleting before setting is what moves the key to the end of the insertion order: without it, `set` on an existing key would keep its old position.',
        comment: 'Delete first so the key moves to the most recently used end.',
      },
      {
        explanation:
          '`Map.prototype.set` on an existing key changes the value but keeps the key where it was, which is why `get` does `delete` then `set` to mark the key as just used. Both are O(1), so a read stays cheap.',
        comment: 'Map.set keeps an existing key in place: delete, then set, to move it last.',
      },
      {
        explanation:
          "A quick test shows it: with capacity 2, `set('a', 1)`, `set('b', 2)`, `get('a')`, then `set('c', 3)`: `b` is evicted and `a` survives, because the read moved `a` to the end.",
        comment: "After get('a'), 'a' is the newest: the next eviction takes 'b'.",
      },
    ],
  },
  {
    name: 'capacity',
    code: ['capacity < 1', 'RangeError', 'private readonly capacity'],
    words: [/\bcapacity\b/i, /\brangeerror\b/i, /\bconstructor\b/i, /\bthrows?\b/i, /\bvalidat/i],
    insights: [
      {
        explanation:
          'Throwing a `RangeError` in the constructor fails fast: with a capacity of 0, every `set` would evict the key it had just added, which is never what a caller meant.',
        comment: 'Reject a capacity below 1 up front: with 0, every set would evict itself.',
      },
      {
        explanation:
          '`capacity < 1` lets `NaN` through (`NaN < 1` is false), and a cache of capacity `NaN` never evicts, because `size > NaN` is false too. `!(capacity >= 1)` would reject it as well.',
        comment: 'NaN passes capacity < 1; !(capacity >= 1) rejects it too.',
      },
      {
        explanation:
          'A fractional capacity such as 2.5 behaves like 2: the loop evicts while `size > 2.5`, so 2 entries stay. `Number.isInteger(capacity)` in the check would make that explicit.',
        comment: 'A capacity of 2.5 keeps 2 entries; consider Number.isInteger.',
      },
    ],
  },
  {
    name: 'types',
    code: ['<K, V>', 'V | undefined', ' as K'],
    words: [/\bgenerics?\b/i, /\btypes?\b/i, /\btypescript\b/i, /\bundefined\b/i],
    insights: [
      {
        explanation:
          'Nothing in `new LruCache(100)` tells TypeScript what `K` and `V` are, so they become `unknown`. Spelling them out, `new LruCache<string, number>(100)` as the usage guide does, keeps `get` typed.',
        comment: 'K and V cannot be inferred from the capacity: spell them out.',
      },
      {
        explanation:
          '`get` returns `V | undefined`, so a stored `undefined` looks exactly like a miss. If `V` may be `undefined`, a `has(key)` method would tell the two apart.',
        comment: 'A stored undefined reads like a miss; a has(key) would tell them apart.',
      },
    ],
  },
  {
    name: 'testing',
    broad: true,
    code: ['assert', 'expect(', 'describe('],
    words: [/\btests?\b/i, /\btesting\b/i, /\bassert/i, /\bmocha\b/i, /\bedge case/i, /\bboundary\b/i],
    insights: [
      {
        explanation:
          'I would pin this down with a small test of the boundary first: a cache of capacity 1, then one `set` more than it holds. Which key is left?',
        comment: 'TODO: cover the capacity boundary with a test.',
      },
      {
        explanation:
          'One `it` per rule keeps failures easy to read: a missing key, a hit, an eviction, an expiry. Each needs only two or three calls and one `assert.equal`.',
        comment: 'TODO: one test per rule (miss, hit, eviction, expiry).',
      },
    ],
  },
];

/** When nothing in the ask points to a topic. */
export const general: Topic = {
  name: 'general',
  code: [],
  words: [],
  insights: [
    {
      explanation:
        'The cache is two rules on top of a `Map`: a read moves the key to the end, and past capacity the first key goes. Everything in `get` and `set` serves one of those two.',
      comment: 'Reads move a key last; past capacity the first key goes.',
    },
    {
      explanation:
        'Try it in a scratch test: with capacity 2, `set` three keys and `get` the first. It returns `undefined`, because the first key was evicted to make room for the third.',
      comment: 'TODO: a scratch test with capacity 2 and three keys.',
    },
  ],
};

/** An ask split into what it says and the code it quotes. */
export interface AskText {
  readonly question: string;
  readonly topic: string;
  readonly code: string;
  /** The info string of the first code fence ('' when none or unlabelled). */
  readonly language: string;
}

/** Splits an ask body into prose and fenced code, line by line (no backtracking on hostile text). */
export function readAsk(body: string): AskText {
  const topic = scanMarkers(body).markers.find((m) => m.kind === 'ask')?.topic ?? '';
  const prose: string[] = [];
  const code: string[] = [];
  let fence = '';
  let language: string | undefined;
  for (const line of stripMarkers(body).split('\n')) {
    const trimmed = line.trimStart();
    const ticks = trimmed.startsWith('```') ? trimmed.length - trimmed.replace(/^`+/, '').length : 0;
    if (!fence && ticks >= 3) {
      fence = '`'.repeat(ticks);
      language ??= trimmed.slice(ticks).trim();
    } else if (fence && ticks >= fence.length && trimmed.slice(ticks).trim() === '') {
      fence = '';
    } else {
      (fence ? code : prose).push(line);
    }
  }
  return { question: prose.join('\n'), topic, code: code.join('\n'), language: language ?? '' };
}

export interface Permalink {
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
}

/** The first `[…](<web>/<owner>/<repo>/blob/<sha>/<path>#L<a>-L<b>)` link in a body (how an ask links lines it does not quote). */
export function permalinkIn(body: string): Permalink | undefined {
  for (let at = body.indexOf('](http'); at >= 0; at = body.indexOf('](http', at + 2)) {
    const close = body.indexOf(')', at);
    if (close < 0) return undefined;
    let url: URL;
    try {
      url = new URL(body.slice(at + 2, close));
    } catch {
      continue;
    }
    const [, owner, repo, blob, sha, ...path] = url.pathname.split('/');
    const range = url.hash.startsWith('#L') ? url.hash.slice(2).split('-L').map(Number) : [];
    const [startLine, endLine = startLine] = range;
    if (!owner || !repo || blob !== 'blob' || !sha || path.length === 0 || !startLine || !endLine || endLine < startLine) continue;
    try {
      return { owner, repo, sha, path: path.map(decodeURIComponent).join('/'), startLine, endLine };
    } catch {
      continue;
    }
  }
  return undefined;
}

/**
 * The topic an ask is about. A word in the question and a string in the quoted code count 2 each; a
 * word in the marker's topic counts 1 (it is usually a broad subject such as `testing`, picked from a
 * list). A subject (TTL, eviction, …) beats a broad angle (testing): "how would you test the TTL?"
 * is about the TTL. Nothing found → general.
 */
export function topicOf(ask: { question: string; topic: string; code: string }): Topic {
  const scored = topics.map((t) => {
    const hits = (text: string) => t.words.filter((w) => w.test(text)).length;
    return { t, score: 2 * hits(ask.question) + hits(ask.topic) + 2 * t.code.filter((c) => ask.code.includes(c)).length };
  });
  const best = (candidates: typeof scored) => candidates.reduce<(typeof scored)[number] | undefined>((a, b) => (b.score > (a?.score ?? 0) ? b : a), undefined);
  return (best(scored.filter((s) => !s.t.broad)) ?? best(scored.filter((s) => s.t.broad)))?.t ?? general;
}

// Five openers against two to four insights a topic: the pair (opener, insight) for one topic only
// comes round again after at least ten asks on it.
const openers = ['Good question!', 'Nice one to stop at.', 'I had to think about this too.', 'Happy to dig in.', 'Glad you asked.'];

export interface Answer {
  readonly topic: string;
  readonly opener: string;
  readonly insight: Insight;
}

/**
 * Hands out each topic's insights in rounds: within a round none is given twice, and a new round
 * never starts with the one just given, so two asks on one topic get different answers. Within a
 * round the insight that fits the ask best goes first: the one naming most of the code strings the
 * quoted lines contain (and, for a question about testing, one that talks about tests); on a tie,
 * the earlier one.
 */
export class Answers {
  private readonly asked = new Map<string, number>();
  private readonly round = new Map<string, Set<number>>();
  private readonly last = new Map<string, number>();

  next(ask: { question: string; topic: string; code: string }): Answer {
    const topic = topicOf(ask);
    const count = this.asked.get(topic.name) ?? 0;
    this.asked.set(topic.name, count + 1);
    let given = this.round.get(topic.name) ?? new Set<number>();
    if (given.size >= topic.insights.length) given = new Set();
    const last = this.last.get(topic.name);
    const open = topic.insights.map((_, i) => i).filter((i) => !given.has(i));
    const candidates = open.length > 1 ? open.filter((i) => i !== last) : open;
    const aboutTests = /\btest/i.test(ask.question);
    const fit = (i: number) => {
      const text = `${topic.insights[i].explanation} ${topic.insights[i].comment}`;
      return topic.code.filter((c) => ask.code.includes(c) && text.includes(c)).length + (aboutTests && /\btest/i.test(text) ? 1 : 0);
    };
    const best = candidates.reduce((a, b) => (fit(b) > fit(a) ? b : a));
    given.add(best);
    this.round.set(topic.name, given);
    this.last.set(topic.name, best);
    return { topic: topic.name, opener: openers[count % openers.length], insight: topic.insights[best] };
  }
}
