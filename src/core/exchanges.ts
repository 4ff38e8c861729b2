// What the Exchanges tree and the inline threads show, as plain data: each ask's state, the
// grouping under partners, the user's filter, thread labels, and which ask sits at a line.
import type { Ask, CodeAnchor } from './model';

/** An ask's state as the user sees it, most urgent first. */
export type AskState = 'failed' | 'queued' | 'unread' | 'resolved' | 'answered' | 'open';

export const ASK_STATES: readonly AskState[] = ['unread', 'open', 'answered', 'resolved', 'queued', 'failed'];

export const STATE_LABELS: Readonly<Record<AskState, string>> = {
  unread: 'Unread replies',
  open: 'Open (no reply yet)',
  answered: 'Answered',
  resolved: 'Resolved',
  queued: 'Waiting to send',
  failed: 'Failed to send',
};

/** Facts about an ask that are not on the ask itself. */
export interface AskFacts {
  readonly replies: number;
  readonly unread: number;
  /** In the outbox, not on GitHub yet. */
  readonly queued?: boolean;
  /** In the outbox, and GitHub refused it. */
  readonly failed?: boolean;
}

/** The review thread's state, when sync recorded one. */
export function threadStateOf(ask: Ask): { readonly resolved: boolean; readonly outdated: boolean } | undefined {
  return ask.thread ? { resolved: ask.thread.resolved, outdated: ask.thread.outdated } : undefined;
}

/** Whether the ask is a GitHub review thread, which can be resolved. */
export function isReviewThread(ask: Ask): boolean {
  return ask.posted?.threadNodeId !== undefined;
}

export function askState(ask: Ask, facts: AskFacts): AskState {
  if (facts.failed) return 'failed';
  if (facts.queued || !ask.posted) return 'queued';
  if (facts.unread > 0) return 'unread';
  if (threadStateOf(ask)?.resolved) return 'resolved';
  return facts.replies > 0 ? 'answered' : 'open';
}

/** Filter by state and topic; an empty list does not filter on that dimension. */
export interface ExchangeFilter {
  readonly states: readonly AskState[];
  /** Topics to show; NO_TOPIC stands for asks without a topic. */
  readonly topics: readonly string[];
}

export const NO_TOPIC = '';

export const NO_FILTER: ExchangeFilter = { states: [], topics: [] };

export function isFiltering(filter: ExchangeFilter): boolean {
  return filter.states.length > 0 || filter.topics.length > 0;
}

/** Reads a filter back from storage; anything malformed is dropped. */
export function parseFilter(value: unknown): ExchangeFilter {
  if (typeof value !== 'object' || value === null) return NO_FILTER;
  const { states, topics } = value as { states?: unknown; topics?: unknown };
  const known = new Set<string>(ASK_STATES);
  return {
    states: Array.isArray(states) ? [...new Set(states.filter((s): s is AskState => typeof s === 'string' && known.has(s)))] : [],
    topics: Array.isArray(topics) ? [...new Set(topics.filter((t): t is string => typeof t === 'string'))] : [],
  };
}

export function matchesFilter(ask: Ask, state: AskState, filter: ExchangeFilter): boolean {
  if (filter.states.length > 0 && !filter.states.includes(state)) return false;
  if (filter.topics.length > 0) {
    const topic = ask.topic?.trim().toLowerCase() ?? NO_TOPIC;
    if (!filter.topics.some((t) => t.trim().toLowerCase() === topic)) return false;
  }
  return true;
}

/** "unread replies or answered; topic testing or no topic", or undefined when nothing is filtered. */
export function describeFilter(filter: ExchangeFilter): string | undefined {
  const parts: string[] = [];
  if (filter.states.length > 0) parts.push(filter.states.map((s) => STATE_LABELS[s].toLowerCase()).join(' or '));
  if (filter.topics.length > 0) parts.push(`topic ${filter.topics.map((t) => (t === NO_TOPIC ? 'none' : t)).join(' or ')}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The topics the asks use, sorted, without duplicates (case-insensitive). */
export function topicsOf(asks: readonly Ask[]): string[] {
  const byKey = new Map<string, string>();
  for (const a of asks) {
    const t = a.topic?.trim();
    if (t && !byKey.has(t.toLowerCase())) byKey.set(t.toLowerCase(), t);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

export interface PartnerExchanges {
  readonly partner: string;
  /** Asks you sent this partner, newest first, after the filter. */
  readonly sent: readonly Ask[];
  /** Asks this partner sent you, newest first, after the filter. */
  readonly received: readonly Ask[];
  /** Asks with this partner the filter hides. */
  readonly hidden: number;
}

/** Each partner's exchanges, in the partners' order. Asks with someone who is not a partner are left out. */
export function groupExchanges(
  partners: readonly string[],
  asks: readonly Ask[],
  stateOf: (ask: Ask) => AskState,
  filter: ExchangeFilter = NO_FILTER,
): PartnerExchanges[] {
  // One sort (ISO times compare as text) and one pass into buckets: thousands of asks stay quick.
  const newestFirst = [...asks].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const byPartner = new Map<string, Ask[]>();
  for (const a of newestFirst) {
    const key = a.partner.toLowerCase();
    const list = byPartner.get(key);
    if (list) list.push(a);
    else byPartner.set(key, [a]);
  }
  return partners.map((login) => {
    const mine = byPartner.get(login.toLowerCase()) ?? [];
    const shown = mine.filter((a) => matchesFilter(a, stateOf(a), filter));
    return {
      partner: login,
      sent: shown.filter((a) => a.direction === 'sent'),
      received: shown.filter((a) => a.direction === 'received'),
      hidden: mine.length - shown.length,
    };
  });
}

/** "src/a.ts, line 3" or "src/a.ts, lines 3–5". */
export function describeAnchor(anchor: CodeAnchor): string {
  return `${anchor.path}, ${anchor.startLine === anchor.endLine ? `line ${anchor.startLine}` : `lines ${anchor.startLine}–${anchor.endLine}`}`;
}

/** "Asked @grace · 2 replies · 1 new" or "@grace asked you · no reply yet". */
export function threadLabel(ask: Ask, replies: number, unread: number): string {
  const who = ask.direction === 'sent' ? `Asked @${ask.partner}` : `@${ask.partner} asked you`;
  const parts = [who, replies === 0 ? 'no reply yet' : `${replies} repl${replies === 1 ? 'y' : 'ies'}`];
  if (unread > 0) parts.push(`${unread} new`);
  if (threadStateOf(ask)?.outdated) parts.push('outdated');
  return parts.join(' · ');
}

/** The first line of the question, cut to `max` characters. */
export function questionTitle(ask: Ask, max = 80): string {
  const first = ask.question.trim().split('\n')[0]?.trim() ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/**
 * The asks anchored at a line of a file (path relative to the repository root, line 1-based),
 * narrowest range first, then newest.
 */
export function asksAt(asks: readonly Ask[], path: string, line: number): Ask[] {
  const want = normalizePath(path);
  return asks
    .filter((a) => a.anchor && normalizePath(a.anchor.path) === want && line >= a.anchor.startLine && line <= a.anchor.endLine)
    .sort((a, b) => span(a) - span(b) || b.createdAt.localeCompare(a.createdAt));
}

function span(ask: Ask): number {
  return ask.anchor ? ask.anchor.endLine - ask.anchor.startLine : Number.MAX_SAFE_INTEGER;
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}

/**
 * Which workspace folder holds an anchored file, given the folders where the path exists: the only
 * one, else the one named like the repository, else the first. -1 when none has it.
 */
export function pickFolder(candidates: readonly { readonly name: string }[], repoName: string): number {
  if (candidates.length <= 1) return candidates.length - 1;
  const named = candidates.findIndex((c) => c.name.toLowerCase() === repoName.toLowerCase());
  return named >= 0 ? named : 0;
}

/**
 * Whether an anchor path stays inside the folder it is resolved against. A received ask's path is
 * the partner's text: "../" or an absolute path must never point the editor outside the workspace.
 */
export function isSafeRelativePath(p: string): boolean {
  const normal = p.replace(/\\/g, '/');
  if (normal.length === 0 || normal.startsWith('/') || /^[A-Z]:/i.test(normal) || normal.includes('\0')) return false;
  return normal.split('/').every((segment) => segment !== '..' && segment !== '');
}
