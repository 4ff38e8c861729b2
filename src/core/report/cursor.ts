// The report's cursor file (ARCHITECTURE.md §Program report): per pair, how far each of its searches has
// read (the newest `updatedAt` seen) and the events of every exchange already read with its `updatedAt`,
// so a re-run asks GitHub only what changed; and the run in progress (the pairs it finished), so an
// interrupted run resumes where it stopped. It holds figures' raw material only — who, whom, when,
// kind, topic — never a body. A cursor that does not parse is a fresh start, never an error.
import { isValidLogin } from '../partners';
import type { ReportEvent } from './figures';
import { searchNames, type SearchName } from './queries';

export const CURSOR_KIND = 'mutual-mentor-report-cursor';
export const CURSOR_VERSION = 1;

export interface ExchangeEntry {
  readonly updatedAt: string;
  readonly events: readonly ReportEvent[];
}

export interface PairCursor {
  since: Partial<Record<SearchName, string>>;
  /** Node id → what was read of that exchange. */
  nodes: Record<string, ExchangeEntry>;
}

export interface CursorFile {
  readonly kind: typeof CURSOR_KIND;
  readonly version: typeof CURSOR_VERSION;
  /** What the searches were: a cursor of other searches does not apply. */
  readonly scope: string;
  readonly pairs: Record<string, PairCursor>;
  /** The run in progress: when it started and the pairs it finished. Absent once a run completes. */
  run?: { readonly startedAt: string; readonly done: string[] };
}

export function emptyCursor(scope: string): CursorFile {
  return { kind: CURSOR_KIND, version: CURSOR_VERSION, scope, pairs: Object.create(null) as Record<string, PairCursor> };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
const TYPES = new Set(['mergedPullRequest', 'review', 'answer']);

function readEvent(v: unknown): ReportEvent | undefined {
  if (!isObject(v) || typeof v.id !== 'string' || v.id.length > 300 || (v.kind !== 'lesson' && v.kind !== 'help')) return undefined;
  if (typeof v.from !== 'string' || typeof v.to !== 'string' || !isValidLogin(v.from) || !isValidLogin(v.to) || !isTime(v.at)) return undefined;
  if (v.type !== undefined && !TYPES.has(v.type as string)) return undefined;
  if (v.topic !== undefined && (typeof v.topic !== 'string' || v.topic.length > 100)) return undefined;
  return {
    id: v.id,
    kind: v.kind,
    ...(v.type ? { type: v.type as ReportEvent['type'] } : {}),
    from: v.from,
    to: v.to,
    at: v.at,
    ...(typeof v.topic === 'string' && v.topic ? { topic: v.topic } : {}),
  };
}

/** The cursor file's contents, checked; a fresh cursor (and a warning) when it is not one for `scope`. */
export function readCursor(json: unknown, scope: string, warn: (m: string) => void): CursorFile {
  if (json === undefined) return emptyCursor(scope);
  if (!isObject(json) || json.kind !== CURSOR_KIND || json.version !== CURSOR_VERSION || !isObject(json.pairs)) {
    warn('the cursor file is not a report cursor of this version; starting afresh');
    return emptyCursor(scope);
  }
  if (json.scope !== scope) {
    warn('the cursor file is for other searches (label or organisation); starting afresh');
    return emptyCursor(scope);
  }
  const cursor = emptyCursor(scope);
  let dropped = 0;
  for (const [key, raw] of Object.entries(json.pairs)) {
    if (!isObject(raw) || !isObject(raw.since) || !isObject(raw.nodes)) {
      dropped++;
      continue;
    }
    const since: Partial<Record<SearchName, string>> = {};
    for (const name of searchNames) if (isTime(raw.since[name])) since[name] = raw.since[name];
    const nodes = Object.create(null) as Record<string, ExchangeEntry>;
    for (const [id, entry] of Object.entries(raw.nodes)) {
      if (!isObject(entry) || !isTime(entry.updatedAt) || !Array.isArray(entry.events)) {
        dropped++;
        continue;
      }
      const events = entry.events.map(readEvent);
      if (events.some((e) => !e)) {
        dropped++;
        continue;
      }
      nodes[id] = { updatedAt: entry.updatedAt, events: events as ReportEvent[] };
    }
    // A pair whose exchanges were dropped is read again from the start.
    cursor.pairs[key] = { since: Object.keys(nodes).length === Object.keys(raw.nodes).length ? since : {}, nodes };
  }
  if (dropped) warn(`the cursor file had ${dropped} damaged entr${dropped === 1 ? 'y' : 'ies'}; those are read again from GitHub`);
  const run = json.run;
  if (isObject(run) && isTime(run.startedAt) && Array.isArray(run.done)) {
    cursor.run = { startedAt: run.startedAt, done: run.done.filter((k): k is string => typeof k === 'string' && Object.hasOwn(cursor.pairs, k)) };
  }
  return cursor;
}
