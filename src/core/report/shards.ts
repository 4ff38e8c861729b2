// Shard outputs and their merge (ARCHITECTURE.md §Program report). A large program runs the report as a
// matrix of jobs, each over the pairs of its shard; each writes a shard file, and a last job merges
// them. A shard file crossed a job boundary as an artifact, so it is read as untrusted input: every
// field is checked, a bad pair is dropped with a warning, a file that is not a shard is refused.
import { isValidLogin } from '../partners';
import { DEFAULT_DRIFT, type DriftSettings } from '../ledger/ledger';
import {
  emptyWay,
  MAX_TOPIC_LENGTH,
  MAX_TOPICS_PER_WAY,
  programFigures,
  type DriftState,
  type PairFigures,
  type ProgramFigures,
  type WayFigures,
} from './figures';
import { pairKey } from './pairs';

export const SHARD_KIND = 'mutual-mentor-report-shard';
export const SHARD_VERSION = 1;
/** No count in a report is larger: a bigger number is a corrupt or forged file. */
export const MAX_COUNT = 1_000_000_000;

export interface ReportCost {
  /** GraphQL rate-limit points GitHub charged (its `rateLimit.cost`). */
  readonly points: number;
  /** What the report estimated before running. */
  readonly estimatedPoints: number;
  readonly requests: number;
}

export interface ShardFile {
  readonly kind: typeof SHARD_KIND;
  readonly version: typeof SHARD_VERSION;
  readonly shard: { readonly index: number; readonly count: number };
  readonly generatedAt: string;
  readonly settings: DriftSettings;
  readonly cost: ReportCost;
  readonly pairs: readonly PairFigures[];
  readonly warnings: readonly string[];
}

/** The whole report: what the Markdown, JSON and HTML outputs show. */
export interface Report {
  readonly generatedAt: string;
  readonly settings: DriftSettings;
  readonly program: ProgramFigures;
  readonly pairs: readonly PairFigures[];
  readonly shards: { readonly count: number; readonly missing: readonly number[] };
  readonly cost: ReportCost;
  readonly warnings: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_COUNT;
const isTime = (v: unknown): v is string | null => v === null || (typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v)));
const isMonth = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-(?:0[1-9]|1[0-2])$/.test(v);

function way(v: unknown): WayFigures | string {
  if (!isObject(v)) return 'a direction is not an object';
  const out = emptyWay();
  for (const k of ['lessons', 'help', 'mergedPullRequests', 'reviews', 'answers'] as const) {
    if (!isCount(v[k])) return `${k} is not a count`;
    out[k] = v[k];
  }
  if (out.mergedPullRequests + out.reviews + out.answers !== out.help) return 'help is not the sum of its kinds';
  if (!isObject(v.topics)) return 'topics is not an object';
  const topics = Object.entries(v.topics);
  if (topics.length > MAX_TOPICS_PER_WAY + 1) return 'too many topics';
  for (const [t, n] of topics) {
    if (t.length === 0 || t.length > MAX_TOPIC_LENGTH || !isCount(n)) return 'a topic is malformed';
    out.topics[t] = n;
  }
  return out;
}

/** One pair's figures from a shard file, or why they are refused. */
export function readPairFigures(v: unknown): PairFigures | string {
  if (!isObject(v)) return 'not an object';
  const { a, b } = v;
  if (typeof a !== 'string' || typeof b !== 'string' || !isValidLogin(a) || !isValidLogin(b) || a !== a.toLowerCase() || b !== b.toLowerCase() || a >= b) {
    return 'the pair is not two distinct lower-case logins in order';
  }
  const aToB = way(v.aToB);
  const bToA = way(v.bToA);
  if (typeof aToB === 'string') return aToB;
  if (typeof bToA === 'string') return bToA;
  if (!isCount(v.events) || !isCount(v.recentEvents) || v.recentEvents > v.events) return 'events are not counts';
  if (v.events !== aToB.lessons + aToB.help + bToA.lessons + bToA.help) return 'events are not the sum of both directions';
  if (!isTime(v.firstAt) || !isTime(v.lastAt)) return 'firstAt or lastAt is not a time';
  if (typeof v.balance !== 'number' || !(v.balance >= -1 && v.balance <= 1)) return 'balance is not between -1 and 1';
  const d = v.drift;
  if (!isObject(d) || !['balanced', 'oneSided', 'tooFew'].includes(d.state as string)) return 'drift is malformed';
  if (d.state === 'oneSided' && ((d.givesMore !== a && d.givesMore !== b) || typeof d.share !== 'number' || !(d.share >= 0.5 && d.share <= 1)))
    return 'drift is malformed';
  if (!Array.isArray(v.months) || v.months.length > 12) return 'months is malformed';
  const months: { month: string; aToB: number; bToA: number }[] = [];
  for (const m of v.months as unknown[]) {
    if (!isObject(m) || !isMonth(m.month) || !isCount(m.aToB) || !isCount(m.bToA)) return 'a month is malformed';
    months.push({ month: m.month, aToB: m.aToB, bToA: m.bToA });
  }
  return {
    a,
    b,
    aToB,
    bToA,
    events: v.events,
    recentEvents: v.recentEvents,
    firstAt: v.firstAt,
    lastAt: v.lastAt,
    balance: v.balance,
    drift: d.state === 'oneSided' ? { state: 'oneSided', givesMore: d.givesMore as string, share: d.share as number } : { state: d.state as DriftState },
    months,
  };
}

function readSettings(v: unknown): DriftSettings | undefined {
  if (!isObject(v)) return undefined;
  const { windowDays, minEvents, oneSidedShare } = v;
  if (!isCount(windowDays) || windowDays < 1 || windowDays > 3650 || !isCount(minEvents) || minEvents < 1) return undefined;
  if (typeof oneSidedShare !== 'number' || !(oneSidedShare >= 0.5 && oneSidedShare <= 1)) return undefined;
  return { windowDays, minEvents, oneSidedShare };
}

/** A shard file's contents, checked; a string says why it is not a shard file. */
export function readShardFile(json: unknown): ShardFile | string {
  if (!isObject(json) || json.kind !== SHARD_KIND) return 'not a Mutual Mentor report shard';
  if (json.version !== SHARD_VERSION) return `shard format version ${JSON.stringify(json.version)} is not ${SHARD_VERSION}`;
  const shard = json.shard;
  if (
    !isObject(shard) ||
    !isCount(shard.count) ||
    !isCount(shard.index) ||
    shard.count < 1 ||
    shard.count > 256 ||
    shard.index < 1 ||
    shard.index > shard.count
  ) {
    return 'its shard number is malformed';
  }
  const settings = readSettings(json.settings);
  if (!settings) return 'its drift settings are malformed';
  if (!isTime(json.generatedAt) || json.generatedAt === null) return 'its time is malformed';
  const cost = isObject(json.cost) ? json.cost : {};
  if (!Array.isArray(json.pairs)) return 'it has no list of pairs';
  const warnings = (Array.isArray(json.warnings) ? json.warnings : []).filter((w): w is string => typeof w === 'string').map((w) => w.slice(0, 500));
  const pairs: PairFigures[] = [];
  const index = shard.index;
  (json.pairs as unknown[]).forEach((raw, i) => {
    const p = readPairFigures(raw);
    if (typeof p === 'string') warnings.push(`shard ${index}: pair ${i + 1} dropped (${p})`);
    else pairs.push(p);
  });
  return {
    kind: SHARD_KIND,
    version: SHARD_VERSION,
    shard: { index, count: shard.count },
    generatedAt: json.generatedAt,
    settings,
    cost: {
      points: isCount(cost.points) ? cost.points : 0,
      estimatedPoints: isCount(cost.estimatedPoints) ? cost.estimatedPoints : 0,
      requests: isCount(cost.requests) ? cost.requests : 0,
    },
    pairs,
    warnings: warnings.slice(0, 1000),
  };
}

/**
 * The report from shard files (each already read from its JSON; a string is a file that could not be
 * read, with its name). Shards of another count or drift settings than the first are refused; a pair
 * in two shards counts once; a missing shard is named, never silently left out.
 */
export function mergeShards(inputs: readonly { name: string; json: unknown }[], now: number): Report {
  const warnings: string[] = [];
  const shards: ShardFile[] = [];
  for (const { name, json } of inputs) {
    const shard = readShardFile(json);
    if (typeof shard === 'string') {
      warnings.push(`${name.slice(0, 200)}: ${shard}; skipped`);
      continue;
    }
    const first = shards[0];
    if (first && (shard.shard.count !== first.shard.count || JSON.stringify(shard.settings) !== JSON.stringify(first.settings))) {
      warnings.push(`${name.slice(0, 200)}: shard of another run (count or settings differ); skipped`);
      continue;
    }
    if (shards.some((s) => s.shard.index === shard.shard.index)) {
      warnings.push(`${name.slice(0, 200)}: shard ${shard.shard.index} read twice; skipped`);
      continue;
    }
    shards.push(shard);
    warnings.push(...shard.warnings);
  }
  const count = shards[0]?.shard.count ?? 0;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !shards.some((s) => s.shard.index === i));
  if (missing.length) warnings.push(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing: their pairs are not in this report`);
  const pairs = new Map<string, PairFigures>();
  for (const s of shards) {
    for (const p of s.pairs) {
      if (pairs.has(pairKey(p))) warnings.push(`@${p.a} and @${p.b} are in more than one shard; counted once`);
      else pairs.set(pairKey(p), p);
    }
  }
  const list = [...pairs.values()].sort((p, q) => pairKey(p).localeCompare(pairKey(q)));
  const sum = (k: keyof ReportCost) => shards.reduce((n, s) => n + s.cost[k], 0);
  return {
    generatedAt: new Date(now).toISOString(),
    settings: shards[0]?.settings ?? DEFAULT_DRIFT,
    program: programFigures(list, now),
    pairs: list,
    shards: { count, missing },
    cost: { points: sum('points'), estimatedPoints: sum('estimatedPoints'), requests: sum('requests') },
    warnings,
  };
}
