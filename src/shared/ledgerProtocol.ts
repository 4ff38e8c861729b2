// The typed message protocol between the extension host and the Ledger panel.
// The host sends whole snapshots; the page sends back what the user asked for. Both directions are
// validated on receipt with the guards below, as for the Replies view (webviewProtocol.ts).
import { isWebUrl } from './webviewProtocol';

export const ledgerExportFormats = ['markdown', 'csv', 'json'] as const;
export type LedgerExportFormat = (typeof ledgerExportFormats)[number];

/** What the button of an empty ledger does. The host maps each to a command. */
export const ledgerActions = ['pairWithPartner', 'signIn'] as const;
export type LedgerAction = (typeof ledgerActions)[number];

export interface FlowCounts {
  /** You taught them (lessons they recorded). */
  readonly taught: number;
  /** They taught you (lessons you recorded). */
  readonly learned: number;
  readonly helpGiven: number;
  readonly helpReceived: number;
}

export interface TopicRow extends FlowCounts {
  readonly topic: string;
}

export interface MonthPoint {
  /** 'YYYY-MM' (UTC). */
  readonly month: string;
  readonly given: number;
  readonly received: number;
}

export const driftStates = ['balanced', 'tooFew', 'receiving', 'giving'] as const;
export type DriftState = (typeof driftStates)[number];

export interface DriftView {
  readonly state: DriftState;
  /** Given and received in the drift window. */
  readonly given: number;
  readonly received: number;
  /** The drift in gentle words. */
  readonly message: string;
}

export const giveBackKinds = ['openAsk', 'reviewRequest', 'helpWanted'] as const;

export interface GiveBackView {
  readonly kind: (typeof giveBackKinds)[number];
  readonly title: string;
  readonly url: string;
  /** The ask to open in the Replies panel (openAsk). */
  readonly askId: string | null;
  readonly why: string;
}

export interface RecentEvent {
  /** ISO time. */
  readonly at: string;
  readonly text: string;
  readonly url: string;
  readonly direction: 'gave' | 'received';
}

export interface PartnerView extends FlowCounts {
  readonly login: string;
  /** -1 all received … +1 all given. */
  readonly balance: number;
  readonly topics: readonly TopicRow[];
  /** Contiguous months, oldest first, at most 12. */
  readonly months: readonly MonthPoint[];
  readonly drift: DriftView;
  readonly giveBack: readonly GiveBackView[];
  /** Newest first. */
  readonly recent: readonly RecentEvent[];
}

export interface LedgerLoadingView {
  readonly kind: 'loading';
}

export interface LedgerEmptyView {
  readonly kind: 'empty';
  readonly title: string;
  readonly detail: string;
  readonly action: LedgerAction | null;
}

export interface LedgerDataView {
  readonly kind: 'ledger';
  readonly me: string;
  /** ISO time the figures were computed. */
  readonly generatedAt: string;
  readonly partners: readonly PartnerView[];
}

/** A full snapshot of what the Ledger page shows. */
export type LedgerViewState = LedgerLoadingView | LedgerEmptyView | LedgerDataView;

// page → host
export type LedgerToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly kind: LedgerViewState['kind'] }
  | { readonly type: 'openExternal'; readonly url: string }
  | { readonly type: 'openAsk'; readonly askId: string }
  | { readonly type: 'export'; readonly format: LedgerExportFormat }
  | { readonly type: 'refresh' }
  | { readonly type: 'action'; readonly action: LedgerAction };

/** What the host acts on (the panel handles ready, rendered and openExternal itself). */
export type LedgerRequest = Extract<LedgerToHost, { readonly type: 'openAsk' | 'export' | 'refresh' | 'action' }>;

// host → page
export type HostToLedger = { readonly type: 'snapshot'; readonly state: LedgerViewState };

const MAX_TEXT = 2_000;
const MAX_LOGIN = 100;
const MAX_ID = 200;
const MAX_COUNT = 1_000_000_000;
const stateKinds = ['loading', 'empty', 'ledger'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_COUNT;
}

/** Parses every item of a list no longer than max, or fails as a whole. */
function listOf<T>(value: unknown, max: number, parse: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  const out: T[] = [];
  for (const raw of value) {
    const item = parse(raw);
    if (item === undefined) return undefined;
    out.push(item);
  }
  return out;
}

/** Returns the message if it is a well-formed page → host message, otherwise undefined. */
export function parseLedgerMessage(value: unknown): LedgerToHost | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'refresh':
      return { type: 'refresh' };
    case 'rendered':
      return isOneOf(stateKinds, value.kind) ? { type: 'rendered', kind: value.kind } : undefined;
    case 'openExternal':
      return isWebUrl(value.url) ? { type: 'openExternal', url: value.url } : undefined;
    case 'openAsk':
      return isId(value.askId) ? { type: 'openAsk', askId: value.askId } : undefined;
    case 'export':
      return isOneOf(ledgerExportFormats, value.format) ? { type: 'export', format: value.format } : undefined;
    case 'action':
      return isOneOf(ledgerActions, value.action) ? { type: 'action', action: value.action } : undefined;
    default:
      return undefined;
  }
}

function parseFlow(v: Record<string, unknown>): FlowCounts | undefined {
  return isCount(v.taught) && isCount(v.learned) && isCount(v.helpGiven) && isCount(v.helpReceived)
    ? { taught: v.taught, learned: v.learned, helpGiven: v.helpGiven, helpReceived: v.helpReceived }
    : undefined;
}

function parseTopic(v: unknown): TopicRow | undefined {
  if (!isRecord(v) || !isText(v.topic, 200)) return undefined;
  const flow = parseFlow(v);
  return flow && { topic: v.topic, ...flow };
}

function parseMonth(v: unknown): MonthPoint | undefined {
  return isRecord(v) && typeof v.month === 'string' && /^\d{4}-(?:0[1-9]|1[0-2])$/.test(v.month) && isCount(v.given) && isCount(v.received)
    ? { month: v.month, given: v.given, received: v.received }
    : undefined;
}

function parseDrift(v: unknown): DriftView | undefined {
  return isRecord(v) && isOneOf(driftStates, v.state) && isCount(v.given) && isCount(v.received) && isText(v.message)
    ? { state: v.state, given: v.given, received: v.received, message: v.message }
    : undefined;
}

function parseGiveBack(v: unknown): GiveBackView | undefined {
  if (!isRecord(v) || !isOneOf(giveBackKinds, v.kind) || !isText(v.title) || !isWebUrl(v.url) || !(v.askId === null || isId(v.askId)) || !isText(v.why)) return undefined;
  return { kind: v.kind, title: v.title, url: v.url, askId: v.askId, why: v.why };
}

function parseRecent(v: unknown): RecentEvent | undefined {
  return isRecord(v) && isText(v.at, 40) && isText(v.text) && isWebUrl(v.url) && (v.direction === 'gave' || v.direction === 'received')
    ? { at: v.at, text: v.text, url: v.url, direction: v.direction }
    : undefined;
}

function parsePartner(v: unknown): PartnerView | undefined {
  if (!isRecord(v) || !isText(v.login, MAX_LOGIN) || v.login === '') return undefined;
  const flow = parseFlow(v);
  const balance = v.balance;
  if (!flow || typeof balance !== 'number' || !Number.isFinite(balance) || balance < -1 || balance > 1) return undefined;
  const topics = listOf(v.topics, 500, parseTopic);
  const months = listOf(v.months, 12, parseMonth);
  const drift = parseDrift(v.drift);
  const giveBack = listOf(v.giveBack, 100, parseGiveBack);
  const recent = listOf(v.recent, 50, parseRecent);
  if (!topics || !months || !drift || !giveBack || !recent) return undefined;
  return { login: v.login, ...flow, balance, topics, months, drift, giveBack, recent };
}

export function parseLedgerViewState(value: unknown): LedgerViewState | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.kind) {
    case 'loading':
      return { kind: 'loading' };
    case 'empty':
      return isText(value.title) && isText(value.detail) && (value.action === null || isOneOf(ledgerActions, value.action))
        ? { kind: 'empty', title: value.title, detail: value.detail, action: value.action }
        : undefined;
    case 'ledger': {
      if (!isText(value.me, MAX_LOGIN) || !isText(value.generatedAt, 40)) return undefined;
      const partners = listOf(value.partners, 200, parsePartner);
      return partners && { kind: 'ledger', me: value.me, generatedAt: value.generatedAt, partners };
    }
    default:
      return undefined;
  }
}

/** Returns the message if it is a well-formed host → page message, otherwise undefined. */
export function parseLedgerHostMessage(value: unknown): HostToLedger | undefined {
  if (!isRecord(value) || value.type !== 'snapshot') return undefined;
  const state = parseLedgerViewState(value.state);
  return state ? { type: 'snapshot', state } : undefined;
}
