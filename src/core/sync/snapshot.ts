// What the Synchronizer remembers between polls, as plain JSON, so a restart does not start over:
// with the notifications cursor (Last-Modified) the first poll after a restart is a free 304 when
// nothing changed, and the asks already synced are fetched again only when their thread changed.
// Kept in the store's cursors under a key per host and login, so another account never reuses it.
// A snapshot that does not parse, or of another version, is ignored with a warning: a full sync.
import { int, record } from './json';
import type { Warn } from './replies';

export const SYNC_SNAPSHOT_VERSION = 1;

export interface SyncSnapshot {
  readonly v: typeof SYNC_SNAPSHOT_VERSION;
  /** `Last-Modified` of the notifications list: the next poll's `If-Modified-Since`. */
  readonly lastModified?: string;
  /** When GitHub next allows `GET /notifications` (epoch ms), and the interval it asked for. */
  readonly nextPollAt?: number;
  readonly pollIntervalMs?: number;
  /** Notification thread id → its `updated_at`, oldest first: a thread listed again is not a change. */
  readonly threadSeen: readonly (readonly [string, string])[];
  /** Ids of the asks fetched at least once (only changed ones are fetched again). */
  readonly synced: readonly string[];
  /** `owner/name#number` → the or pull request's node id. */
  readonly subjectIds: readonly (readonly [string, string])[];
  /** Whole-PR ask id → its pull request's node id and when the ask was made. */
  readonly pullOf: readonly (readonly [string, { readonly id: string; readonly anchorAt?: string }])[];
  /** Review-comment ask id → its review thread's node id. */
  readonly threadOf: readonly (readonly [string, string])[];
  /** Ids of received asks already reported. */
  readonly emitted: readonly string[];
}

/** Bounds on the lists not tied to a tracked ask (those go with the ask); each keeps its newest. */
export const SNAPSHOT_LIMITS = { threadSeen: 500, subjectIds: 500, emitted: 1000 } as const;

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isPairs = (v: unknown): v is [string, string][] =>
  Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && isString(p[0]) && isString(p[1]));
const isPullOf = (v: unknown): v is SyncSnapshot['pullOf'] =>
  Array.isArray(v) &&
  v.every((p) => {
    const to = record(Array.isArray(p) ? p[1] : undefined);
    return Array.isArray(p) && p.length === 2 && isString(p[0]) && isString(to?.id) && (to.anchorAt === undefined || isString(to.anchorAt));
  });
const optionalTime = (v: unknown) => v === undefined || (int(v) !== undefined && (v as number) >= 0);

export function isSyncSnapshot(v: unknown): v is SyncSnapshot {
  const s = record(v);
  return (
    !!s &&
    s.v === SYNC_SNAPSHOT_VERSION &&
    (s.lastModified === undefined || isString(s.lastModified)) &&
    optionalTime(s.nextPollAt) &&
    optionalTime(s.pollIntervalMs) &&
    isPairs(s.threadSeen) &&
    isStrings(s.synced) &&
    isPairs(s.subjectIds) &&
    isPullOf(s.pullOf) &&
    isPairs(s.threadOf) &&
    isStrings(s.emitted)
  );
}

/** The snapshot in a stored string; undefined (with a warning) when it is damaged or of another version. */
export function parseSyncSnapshot(value: string, warn: Warn): SyncSnapshot | undefined {
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    warn('the saved sync state does not parse; every ask is fetched again');
    return undefined;
  }
  const v = record(data)?.v;
  if (v !== SYNC_SNAPSHOT_VERSION) {
    warn(`the saved sync state has version ${JSON.stringify(v) ?? 'none'}, not ${SYNC_SNAPSHOT_VERSION}; every ask is fetched again`);
    return undefined;
  }
  if (!isSyncSnapshot(data)) {
    warn('the saved sync state is malformed; every ask is fetched again');
    return undefined;
  }
  return data;
}

/** Whose sync state: the host as people see it ("github.com", "ghe.example.com") and the login. */
export interface SyncAccount {
  readonly host: string;
  readonly login: string;
}

/** The store cursor a snapshot is kept under: one per host and login (both case-insensitive on GitHub). */
export function syncSnapshotKey(account: SyncAccount): string {
  return `sync:${account.host.toLowerCase()}/${account.login.toLowerCase()}`;
}

/** The part of LocalStore the snapshot lives in. */
export interface CursorStore {
  cursor(name: string): string | undefined;
  setCursor(name: string, value: string | undefined): void;
}

/**
 * The account's saved snapshot, if it can be trusted. `resync` (the store lost cached asks or
 * replies) discards it: the next poll must fetch everything again.
 */
export function loadSyncSnapshot(store: CursorStore, account: SyncAccount, warn: Warn, options: { resync?: boolean } = {}): SyncSnapshot | undefined {
  const key = syncSnapshotKey(account);
  const value = store.cursor(key);
  if (value === undefined) return undefined;
  if (options.resync) {
    warn('the local store lost cached data; every ask is fetched again');
    store.setCursor(key, undefined);
    return undefined;
  }
  return parseSyncSnapshot(value, warn);
}

export function saveSyncSnapshot(store: CursorStore, account: SyncAccount, snapshot: SyncSnapshot): void {
  store.setCursor(syncSnapshotKey(account), JSON.stringify(snapshot));
}
