// Which replies the user has not seen yet. The seen record keeps, per ask, the node ids of the
// replies seen, not a last-seen time: this machine's clock and GitHub's differ, and a review comment
// written in a pending review keeps its early createdAt when the review is submitted later, so a
// time mark would miss it. Replies the user wrote themselves are never unread.
import type { Ask, Reply } from './model';

/** What the user has seen of one ask. */
export interface SeenEntry {
  /** Node ids of replies seen (newest first when capped). */
  readonly ids: readonly string[];
  /**
   * Only set when `ids` was capped: replies created at or before this GitHub time (an ISO date from
   * GitHub, never this machine's clock) count as seen too.
   */
  readonly through?: string;
}

/** askId → what was seen. Kept in VS Code's globalState; insertion order is least recently read first. */
export type SeenRecord = Readonly<Record<string, SeenEntry>>;

export interface SeenLimits {
  /** Asks remembered; the least recently read are forgotten first. */
  readonly asks: number;
  /** Reply ids remembered per ask; older ones are summarised by `through`. */
  readonly repliesPerAsk: number;
}

export const SEEN_LIMITS: SeenLimits = { asks: 500, repliesPerAsk: 200 };

export interface UnreadSummary {
  /** Unread replies per ask id; asks with none are absent. */
  readonly perAsk: ReadonlyMap<string, number>;
  readonly total: number;
  /** The ask with the most recent unread reply. */
  readonly newestAskId?: string;
}

/** Reads a seen record back from storage, dropping anything malformed. */
export function parseSeen(value: unknown): SeenRecord {
  const out: Record<string, SeenEntry> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [askId, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { ids, through } = entry as { ids?: unknown; through?: unknown };
    if (!Array.isArray(ids)) continue;
    const clean = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
    out[askId] = typeof through === 'string' ? { ids: clean, through } : { ids: clean };
  }
  return out;
}

function sameLogin(a: string, b: string | undefined): boolean {
  return b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function isSeen(reply: Reply, entry: SeenEntry | undefined): boolean {
  if (!entry) return false;
  if (entry.ids.includes(reply.nodeId)) return true;
  return entry.through !== undefined && reply.createdAt <= entry.through;
}

/** The replies of one ask the user has not seen, oldest first. `me` is the signed-in login, if known. */
export function unreadReplies(replies: readonly Reply[], entry: SeenEntry | undefined, me?: string): Reply[] {
  return replies.filter((r) => !sameLogin(r.author, me) && !isSeen(r, entry)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Unread counts per ask and in total. */
export function summarizeUnread(asks: readonly Ask[], repliesOf: (askId: string) => readonly Reply[], seen: SeenRecord, me?: string): UnreadSummary {
  const perAsk = new Map<string, number>();
  let total = 0;
  let newest: { askId: string; at: string } | undefined;
  for (const ask of asks) {
    const unread = unreadReplies(repliesOf(ask.id), seen[ask.id], me);
    if (unread.length === 0) continue;
    perAsk.set(ask.id, unread.length);
    total += unread.length;
    const last = unread[unread.length - 1];
    if (last && (!newest || last.createdAt > newest.at)) newest = { askId: ask.id, at: last.createdAt };
  }
  return newest ? { perAsk, total, newestAskId: newest.askId } : { perAsk, total };
}

/** The record with every current reply of the ask marked seen (and the ask moved to most recently read). */
export function markRead(seen: SeenRecord, askId: string, replies: readonly Reply[], limits: SeenLimits = SEEN_LIMITS): SeenRecord {
  const previous = seen[askId];
  // Newest first, so capping keeps the replies most likely to still be in the thread.
  const byTime = [...replies].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const ids = [...new Set([...byTime.map((r) => r.nodeId), ...(previous?.ids ?? [])])];
  let through = previous?.through;
  if (ids.length > limits.repliesPerAsk) {
    const dropped = new Set(ids.slice(limits.repliesPerAsk));
    for (const r of byTime) if (dropped.has(r.nodeId) && (through === undefined || r.createdAt > through)) through = r.createdAt;
  }
  const entry: SeenEntry = { ids: ids.slice(0, limits.repliesPerAsk), ...(through !== undefined ? { through } : {}) };
  const rest: Record<string, SeenEntry> = { ...seen };
  delete rest[askId];
  rest[askId] = entry;
  return capAsks(rest, limits);
}

/** The record without asks that no longer exist, within the limits. */
export function pruneSeen(seen: SeenRecord, liveAskIds: Iterable<string>, limits: SeenLimits = SEEN_LIMITS): SeenRecord {
  const live = new Set(liveAskIds);
  const kept = Object.fromEntries(Object.entries(seen).filter(([id]) => live.has(id)));
  return capAsks(kept, limits);
}

/** A record that marks every reply there is as seen: the starting point before anything was tracked. */
export function seenEverything(asks: readonly Ask[], repliesOf: (askId: string) => readonly Reply[], limits: SeenLimits = SEEN_LIMITS): SeenRecord {
  let seen: SeenRecord = {};
  for (const ask of asks) {
    const replies = repliesOf(ask.id);
    if (replies.length > 0) seen = markRead(seen, ask.id, replies, limits);
  }
  return seen;
}

/**
 * Unread replies that were not in the store before (`known` holds the node ids it had): what to
 * notify about after a sync. Grouped per ask, in the order of the asks given.
 */
export function arrivedUnread(
  asks: readonly Ask[],
  repliesOf: (askId: string) => readonly Reply[],
  seen: SeenRecord,
  known: ReadonlySet<string>,
  me?: string,
): { readonly ask: Ask; readonly replies: readonly Reply[] }[] {
  const out: { ask: Ask; replies: Reply[] }[] = [];
  for (const ask of asks) {
    const fresh = unreadReplies(repliesOf(ask.id), seen[ask.id], me).filter((r) => !known.has(r.nodeId));
    if (fresh.length > 0) out.push({ ask, replies: fresh });
  }
  return out;
}

function capAsks(seen: Record<string, SeenEntry>, limits: SeenLimits): SeenRecord {
  const entries = Object.entries(seen);
  return entries.length <= limits.asks ? seen : Object.fromEntries(entries.slice(entries.length - limits.asks));
}
