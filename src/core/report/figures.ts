// The program report's figures (ARCHITECTURE.md §Program report): per pair the two-way ledger (what
// each side taught the other and the help each gave), activity, drift and topics taught each way, and
// the program overall. Figures only: an event here carries who, whom, when, what kind and its topic —
// never a message body, title or link. Pure, so shards aggregate and merge without GitHub.
import { balanceOf, driftOf, type DriftSettings, type LedgerEvent } from '../ledger/ledger';
import { pairKey, type Pair } from './pairs';

/** A ledger event stripped to what the report counts. */
export interface ReportEvent {
  readonly id: string;
  readonly kind: 'lesson' | 'help';
  readonly type?: 'mergedPullRequest' | 'review' | 'answer';
  readonly from: string;
  readonly to: string;
  readonly at: string;
  readonly topic?: string;
}

/** What went one way: from one side of the pair to the other. */
export interface WayFigures {
  /** Lessons the receiving side recorded (the giving side taught). */
  lessons: number;
  /** Help the giving side gave: the sum of the three below. */
  help: number;
  mergedPullRequests: number;
  reviews: number;
  answers: number;
  /** Topic → lessons and help that went this way about it. */
  topics: Record<string, number>;
}

export type DriftState = 'balanced' | 'oneSided' | 'tooFew';

export interface PairFigures {
  readonly a: string;
  readonly b: string;
  readonly aToB: WayFigures;
  readonly bToA: WayFigures;
  readonly events: number;
  readonly firstAt: string | null;
  readonly lastAt: string | null;
  /** Events in the drift window (the last `windowDays` days). */
  readonly recentEvents: number;
  /** -1 all from b … +1 all from a, over all time. */
  readonly balance: number;
  readonly drift: { readonly state: DriftState; readonly givesMore?: string; readonly share?: number };
  /** The last 12 months up to the report, oldest first: events each way. */
  readonly months: readonly { readonly month: string; readonly aToB: number; readonly bToA: number }[];
}

export interface ProgramFigures {
  readonly pairs: number;
  /** Pairs with an event in the drift window. */
  readonly activePairs: number;
  /** Pairs in which both sides taught the other at least once. */
  readonly twoWayPairs: number;
  readonly drift: Record<DriftState, number>;
  readonly lessons: number;
  readonly help: number;
  readonly events: number;
  /** The most frequent topics, with lessons and help about each. */
  readonly topics: readonly { readonly topic: string; readonly count: number }[];
  readonly months: readonly { readonly month: string; readonly events: number }[];
}

export const MAX_TOPICS_PER_WAY = 50;
export const MAX_TOPIC_LENGTH = 100;
export const OTHER_TOPICS = '(other topics)';
export const MONTHS = 12;

// Topics are text from GitHub: a null-prototype record keeps `__proto__` an ordinary topic.
export const emptyWay = (): WayFigures => ({
  lessons: 0,
  help: 0,
  mergedPullRequests: 0,
  reviews: 0,
  answers: 0,
  topics: Object.create(null) as Record<string, number>,
});

/** The 12 'YYYY-MM' months up to `now`. */
export function monthsUpTo(now: number): string[] {
  const d = new Date(now);
  const out: string[] = [];
  for (let i = MONTHS - 1; i >= 0; i--) {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1));
    out.push(m.toISOString().slice(0, 7));
  }
  return out;
}

function addTopic(way: WayFigures, topic: string | undefined): void {
  if (!topic) return;
  const t = topic.slice(0, MAX_TOPIC_LENGTH);
  const key = Object.hasOwn(way.topics, t) || Object.keys(way.topics).length < MAX_TOPICS_PER_WAY ? t : OTHER_TOPICS;
  way.topics[key] = (way.topics[key] ?? 0) + 1;
}

const asLedgerEvent = (e: ReportEvent): LedgerEvent =>
  e.kind === 'lesson'
    ? { kind: 'lesson', id: e.id, at: e.at, from: e.from, to: e.to, text: '', url: '' }
    : { kind: 'help', type: e.type ?? 'answer', id: e.id, at: e.at, from: e.from, to: e.to, title: '', url: '' };

/** One pair's figures from its events (events of other people, repeats and unreadable times are skipped). */
export function pairFigures(pair: Pair, events: Iterable<ReportEvent>, settings: DriftSettings, now: number): PairFigures {
  const aToB = emptyWay();
  const bToA = emptyWay();
  const months = monthsUpTo(now);
  const perMonth = new Map(months.map((m) => [m, { month: m, aToB: 0, bToA: 0 }]));
  const seen = new Set<string>();
  const kept: ReportEvent[] = [];
  let first: string | null = null;
  let last: string | null = null;
  const since = new Date(now - settings.windowDays * 86_400_000).toISOString();
  let recent = 0;
  for (const e of events) {
    const from = e.from.toLowerCase();
    const to = e.to.toLowerCase();
    const forward = from === pair.a && to === pair.b;
    if ((!forward && !(from === pair.b && to === pair.a)) || seen.has(e.id) || Number.isNaN(Date.parse(e.at))) continue;
    seen.add(e.id);
    kept.push(e);
    const at = new Date(Date.parse(e.at)).toISOString();
    const way = forward ? aToB : bToA;
    if (e.kind === 'lesson') way.lessons++;
    else {
      way.help++;
      if (e.type === 'mergedPullRequest') way.mergedPullRequests++;
      else if (e.type === 'review') way.reviews++;
      else way.answers++;
    }
    addTopic(way, e.topic);
    if (first === null || at < first) first = at;
    if (last === null || at > last) last = at;
    if (at >= since) recent++;
    const m = perMonth.get(at.slice(0, 7));
    if (m) m[forward ? 'aToB' : 'bToA']++;
  }
  const drift = driftOf(kept.map(asLedgerEvent), pair.a, pair.b, settings, now);
  const { balance } = balanceOf({ taught: aToB.lessons, helpGiven: aToB.help, learned: bToA.lessons, helpReceived: bToA.help });
  return {
    a: pair.a,
    b: pair.b,
    aToB,
    bToA,
    events: kept.length,
    firstAt: first,
    lastAt: last,
    recentEvents: recent,
    balance,
    drift:
      drift.state === 'giving' || drift.state === 'receiving'
        ? { state: 'oneSided', givesMore: drift.state === 'giving' ? pair.a : pair.b, share: Math.round(drift.share * 100) / 100 }
        : { state: drift.state },
    months: [...perMonth.values()],
  };
}

/** Every pair's figures from one list of events (each event goes to the pair of its two people). */
export function allPairFigures(pairs: readonly Pair[], events: Iterable<ReportEvent>, settings: DriftSettings, now: number): PairFigures[] {
  const byPair = new Map<string, ReportEvent[]>(pairs.map((p) => [pairKey(p), []]));
  for (const e of events) {
    const [a, b] = [e.from.toLowerCase(), e.to.toLowerCase()].sort();
    byPair.get(`${a}+${b}`)?.push(e);
  }
  return pairs.map((p) => pairFigures(p, byPair.get(pairKey(p)) ?? [], settings, now));
}

/** The program overall, from its pairs' figures (so merged shards give the same totals as one run). */
export function programFigures(pairs: readonly PairFigures[], now: number, topTopics = 20): ProgramFigures {
  const drift: Record<DriftState, number> = { balanced: 0, oneSided: 0, tooFew: 0 };
  const topics = new Map<string, number>();
  const months = new Map(monthsUpTo(now).map((m) => [m, 0]));
  let lessons = 0;
  let help = 0;
  let active = 0;
  let twoWay = 0;
  for (const p of pairs) {
    drift[p.drift.state]++;
    lessons += p.aToB.lessons + p.bToA.lessons;
    help += p.aToB.help + p.bToA.help;
    if (p.recentEvents > 0) active++;
    if (p.aToB.lessons > 0 && p.bToA.lessons > 0) twoWay++;
    for (const way of [p.aToB, p.bToA]) for (const [t, n] of Object.entries(way.topics)) topics.set(t, (topics.get(t) ?? 0) + n);
    for (const m of p.months) if (months.has(m.month)) months.set(m.month, months.get(m.month)! + m.aToB + m.bToA);
  }
  return {
    pairs: pairs.length,
    activePairs: active,
    twoWayPairs: twoWay,
    drift,
    lessons,
    help,
    events: lessons + help,
    topics: [...topics]
      .map(([topic, count]) => ({ topic, count }))
      .sort((x, y) => y.count - x.count || x.topic.localeCompare(y.topic))
      .slice(0, topTopics),
    months: [...months].map(([month, events]) => ({ month, events })),
  };
}
