// Hand-written shape checks for what the local store reads back from disk. A file can be damaged,
// hand-edited or written by another version, so every record is checked before it is trusted;
// one that fails is dropped (and reported) rather than crashing whatever reads it later.
import type { LedgerEvent } from '../ledger/ledger';
import type { Ask, AskTarget, AskThreadState, CodeAnchor, OutboxItem, PostedRef, RepoRef, Reply } from '../model';

/** An outbox item as the store keeps it: `failed` once GitHub refused it for good (kept to show). */
export interface OutboxEntry extends OutboxItem {
  failed?: boolean;
}

export interface CursorRecord {
  readonly name: string;
  readonly value: string;
}

type Rec = Record<string, unknown>;

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

export function isRepoRef(v: unknown): v is RepoRef {
  return isObject(v) && isText(v.host) && isText(v.owner) && isText(v.name);
}

export function isCodeAnchor(v: unknown): v is CodeAnchor {
  return (
    isObject(v) &&
    isRepoRef(v.repo) &&
    isText(v.path) &&
    isText(v.commit) &&
    isLine(v.startLine) &&
    isLine(v.endLine) &&
    v.endLine >= v.startLine &&
    isString(v.snippet)
  );
}

export function isAskTarget(v: unknown): v is AskTarget {
  if (!isObject(v) || !isRepoRef(v.repo)) return false;
  switch (v.kind) {
    case 'reviewComment':
      return isLine(v.pull) && isLine(v.line) && optional(v.startLine, isLine) && (v.side === 'RIGHT' || v.side === 'LEFT');
    case 'fileComment':
      return isLine(v.pull) && isText(v.path);
    case 'issue':
      return true;
    case 'pullRequest':
      return isLine(v.pull);
    default:
      return false;
  }
}

export function isPostedRef(v: unknown): v is PostedRef {
  return isObject(v) && isText(v.url) && isText(v.nodeId) && isCount(v.databaseId) && optional(v.threadNodeId, isText) && optional(v.number, isLine);
}

const isLineOrNull = (v: unknown) => v === null || isLine(v);

export function isAskThreadState(v: unknown): v is AskThreadState {
  return (
    isObject(v) &&
    typeof v.resolved === 'boolean' &&
    typeof v.outdated === 'boolean' &&
    optional(v.path, isText) &&
    optional(v.line, isLineOrNull) &&
    optional(v.startLine, isLineOrNull) &&
    isText(v.syncedAt)
  );
}

export function isAsk(v: unknown): v is Ask {
  return (
    isObject(v) &&
    isText(v.id) &&
    (v.direction === 'sent' || v.direction === 'received') &&
    isText(v.partner) &&
    isString(v.question) &&
    optional(v.topic, isString) &&
    optional(v.anchor, isCodeAnchor) &&
    isAskTarget(v.target) &&
    isText(v.createdAt) &&
    optional(v.posted, isPostedRef) &&
    optional(v.thread, isAskThreadState)
  );
}

export function isReply(v: unknown): v is Reply {
  return (
    isObject(v) &&
    isText(v.nodeId) &&
    isText(v.askId) &&
    isText(v.author) &&
    (v.kind === 'threadReply' || v.kind === 'review' || v.kind === 'issueComment') &&
    isString(v.body) &&
    isString(v.bodyHTML) &&
    isText(v.createdAt) &&
    isString(v.url) &&
    Array.isArray(v.suggestions) &&
    v.suggestions.every(isString)
  );
}

export function isOutboxEntry(v: unknown): v is OutboxEntry {
  return (
    isObject(v) &&
    isText(v.id) &&
    (v.kind === 'ask' || v.kind === 'reply' || v.kind === 'lesson') &&
    'payload' in v &&
    isText(v.createdAt) &&
    isCount(v.attempts) &&
    optional(v.lastError, isString) &&
    optional(v.notBefore, (n) => typeof n === 'number' && Number.isFinite(n)) &&
    optional(v.failed, (b) => typeof b === 'boolean')
  );
}

export function isCursorRecord(v: unknown): v is CursorRecord {
  return isObject(v) && isText(v.name) && isString(v.value);
}

const isWhen = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

export function isLedgerEvent(v: unknown): v is LedgerEvent {
  if (!isObject(v) || !isText(v.id) || !isWhen(v.at) || !isText(v.from) || !isText(v.to) || !isText(v.url) || !optional(v.topic, isString)) return false;
  if (v.kind === 'lesson') return isString(v.text);
  return v.kind === 'help' && isString(v.title) && (v.type === 'mergedPullRequest' || v.type === 'review' || v.type === 'answer');
}
