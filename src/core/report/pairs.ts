// The pairs a program report covers (ARCHITECTURE.md §Program report): only pairs that agreed to share
// figures with the program — the program's own list of pairs, or an opt-in on the pair's agreement.
// A pair's own word wins: an agreement that says it does not share keeps a listed pair out.
import { isValidLogin } from '../partners';

/** Two GitHub logins, lower-cased, `a` < `b`: the same pair whichever side is named first. */
export interface Pair {
  readonly a: string;
  readonly b: string;
}

/** What a pair agreement says about the program (the agreement itself lives on GitHub; see its reader). */
export interface PairAgreement {
  readonly partners: readonly [string, string];
  /** Whether the pair agreed that the program may see its figures (never its messages). */
  readonly shareWithProgram?: boolean;
}

/** More pairs than this in one list is not a program file but a mistake or an attack. */
export const MAX_PAIRS = 100_000;

export function pairKey(pair: Pair): string {
  return `${pair.a}+${pair.b}`;
}

/** A pair from two logins, or a reason it is none. */
export function makePair(x: unknown, y: unknown): Pair | string {
  if (typeof x !== 'string' || typeof y !== 'string') return 'a pair is two logins';
  const [p, q] = [x.trim().replace(/^@/, ''), y.trim().replace(/^@/, '')];
  if (!isValidLogin(p) || !isValidLogin(q)) return `${JSON.stringify(p.slice(0, 60))} and ${JSON.stringify(q.slice(0, 60))} are not both GitHub logins`;
  const [a, b] = [p.toLowerCase(), q.toLowerCase()].sort();
  if (a === b) return `@${a} cannot be paired with themselves`;
  return { a: a, b: b };
}

/** The opt-in check: only an agreement that says so shares a pair's figures. */
export function optedIn(agreement: PairAgreement): boolean {
  return agreement.shareWithProgram === true;
}

/**
 * The pairs file a program gives: a JSON array whose entries are `["ada", "grace"]`, `"ada/grace"` or
 * `{ "pair": ["ada", "grace"] }` (an object may also say `"share": false` to leave the pair out).
 * Bad entries are reported and skipped; duplicates count once.
 */
export function parsePairs(json: unknown): { pairs: Pair[]; problems: string[] } {
  const problems: string[] = [];
  const list = Array.isArray(json) ? json : Array.isArray((json as { pairs?: unknown } | null)?.pairs) ? (json as { pairs: unknown[] }).pairs : undefined;
  if (!list) return { pairs: [], problems: ['the pairs file is not a JSON array of pairs (or an object with a "pairs" array)'] };
  if (list.length > MAX_PAIRS) problems.push(`the pairs file lists ${list.length} entries; only the first ${MAX_PAIRS} are read`);
  const seen = new Map<string, Pair>();
  list.slice(0, MAX_PAIRS).forEach((entry: unknown, i) => {
    let made: Pair | string;
    if (typeof entry === 'string' && entry.split('/').length === 2) made = makePair(...(entry.split('/') as [string, string]));
    else if (Array.isArray(entry) && entry.length === 2) made = makePair(entry[0], entry[1]);
    else if (typeof entry === 'object' && entry !== null && Array.isArray((entry as { pair?: unknown }).pair)) {
      const e = entry as { pair: unknown[]; share?: unknown };
      if (e.share === false) return;
      made = e.pair.length === 2 ? makePair(e.pair[0], e.pair[1]) : 'a pair is two logins';
    } else made = 'an entry is ["login", "login"], "login/login" or { "pair": [...] }';
    if (typeof made === 'string') problems.push(`pairs entry ${i + 1}: ${made}; skipped`);
    else seen.set(pairKey(made), made);
  });
  return { pairs: [...seen.values()].sort((p, q) => pairKey(p).localeCompare(pairKey(q))), problems };
}

/**
 * The pairs the report covers: every listed pair and every pair whose agreement opts in, less any pair
 * whose agreement explicitly opts out.
 */
export function selectPairs(listed: readonly Pair[], agreements: readonly PairAgreement[] = []): Pair[] {
  const out = new Map(listed.map((p) => [pairKey(p), p]));
  for (const agreement of agreements) {
    const pair = makePair(agreement.partners[0], agreement.partners[1]);
    if (typeof pair === 'string') continue;
    if (optedIn(agreement)) out.set(pairKey(pair), pair);
    else if (agreement.shareWithProgram === false) out.delete(pairKey(pair));
  }
  return [...out.values()].sort((p, q) => pairKey(p).localeCompare(pairKey(q)));
}

/**
 * FNV-1a with murmur3's final mix (FNV's low bits alone split similar logins badly): a pair's shard
 * depends on the pair only, so it does not move when other pairs join or leave the program.
 */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** `i/n` (1-based) from the command line, or a reason it is not one. */
export function parseShard(spec: string): { index: number; count: number } | string {
  const slash = spec.indexOf('/');
  const index = Number(spec.slice(0, slash));
  const count = Number(spec.slice(slash + 1));
  if (slash < 1 || !Number.isInteger(index) || !Number.isInteger(count) || count < 1 || count > 256 || index < 1 || index > count) {
    return `--shard takes i/n with 1 ≤ i ≤ n ≤ 256, not ${JSON.stringify(spec.slice(0, 40))}`;
  }
  return { index, count };
}

/** The pairs of shard `index` of `count` (1-based). */
export function shardPairs(pairs: readonly Pair[], index: number, count: number): Pair[] {
  return pairs.filter((p) => (hash(pairKey(p)) % count) + 1 === index);
}
