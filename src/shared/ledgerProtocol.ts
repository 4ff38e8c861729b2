// The typed message protocol between the extension host and the Ledger panel.
// The host sends whole snapshots; the page sends back what the user asked for. Both directions are
// validated on receipt with these schemas, as for the Replies view (webviewProtocol.ts).
import * as v from 'valibot';
import { count, id, list, text, webUrl } from './schema';
import { pageMessages, snapshotProtocol, type Snapshot } from './snapshotProtocol';

const MAX_TEXT = 2_000;
const MAX_LOGIN = 100;
const MAX_COUNT = 1_000_000_000;
const tally = count(MAX_COUNT);

export const ledgerExportFormats = ['markdown', 'csv', 'json'] as const;
export type LedgerExportFormat = (typeof ledgerExportFormats)[number];

/** What the button of an empty ledger does. The host maps each to a command. */
export const ledgerActions = ['pairWithPartner', 'signIn'] as const;
export type LedgerAction = (typeof ledgerActions)[number];

/** taught: you taught them (lessons they recorded); learned: they taught you (lessons you recorded). */
const flowCounts = { taught: tally, learned: tally, helpGiven: tally, helpReceived: tally };
export type FlowCounts = v.InferOutput<v.ObjectSchema<typeof flowCounts, undefined>>;

const topicRow = v.object({ topic: text(200), ...flowCounts });
export type TopicRow = v.InferOutput<typeof topicRow>;

/** month: 'YYYY-MM' (UTC). */
const monthPoint = v.object({ month: v.pipe(v.string(), v.regex(/^\d{4}-(?:0[1-9]|1[0-2])$/)), given: tally, received: tally });
export type MonthPoint = v.InferOutput<typeof monthPoint>;

export const driftStates = ['balanced', 'tooFew', 'receiving', 'giving'] as const;
export type DriftState = (typeof driftStates)[number];

/** Given and received in the drift window, and the drift in gentle words. */
const driftView = v.object({ state: v.picklist(driftStates), given: tally, received: tally, message: text(MAX_TEXT) });
export type DriftView = v.InferOutput<typeof driftView>;

export const giveBackKinds = ['openAsk', 'reviewRequest', 'helpWanted'] as const;

/** A way to give back; askId: the ask to open in the Replies panel (openAsk). */
const giveBackView = v.object({ kind: v.picklist(giveBackKinds), title: text(MAX_TEXT), url: webUrl, askId: v.nullable(id), why: text(MAX_TEXT) });
export type GiveBackView = v.InferOutput<typeof giveBackView>;

/** at: ISO time. */
const recentEvent = v.object({ at: text(40), text: text(MAX_TEXT), url: webUrl, direction: v.picklist(['gave', 'received']) });
export type RecentEvent = v.InferOutput<typeof recentEvent>;

/** balance: -1 all received … +1 all given; months: contiguous, oldest first; recent: newest first. */
const partnerView = v.object({
  login: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_LOGIN)),
  ...flowCounts,
  balance: v.pipe(v.number(), v.finite(), v.minValue(-1), v.maxValue(1)),
  topics: list(topicRow, 500),
  months: list(monthPoint, 12),
  drift: driftView,
  giveBack: list(giveBackView, 100),
  recent: list(recentEvent, 50),
});
export type PartnerView = v.InferOutput<typeof partnerView>;

const ledgerLoadingView = v.object({ kind: v.literal('loading') });
export type LedgerLoadingView = v.InferOutput<typeof ledgerLoadingView>;

const ledgerEmptyView = v.object({ kind: v.literal('empty'), title: text(MAX_TEXT), detail: text(MAX_TEXT), action: v.nullable(v.picklist(ledgerActions)) });
export type LedgerEmptyView = v.InferOutput<typeof ledgerEmptyView>;

/** generatedAt: ISO time the figures were computed. */
const ledgerDataView = v.object({ kind: v.literal('ledger'), me: text(MAX_LOGIN), generatedAt: text(40), partners: list(partnerView, 200) });
export type LedgerDataView = v.InferOutput<typeof ledgerDataView>;

/** A full snapshot of what the Ledger page shows. */
const ledgerViewState = v.variant('kind', [ledgerLoadingView, ledgerEmptyView, ledgerDataView]);
export type LedgerViewState = v.InferOutput<typeof ledgerViewState>;
const stateKinds = ['loading', 'empty', 'ledger'] as const satisfies readonly LedgerViewState['kind'][];

// page → host
const ledgerToHost = v.variant('type', [
  ...pageMessages(stateKinds),
  v.object({ type: v.literal('openExternal'), url: webUrl }),
  v.object({ type: v.literal('openAsk'), askId: id }),
  v.object({ type: v.literal('export'), format: v.picklist(ledgerExportFormats) }),
  v.object({ type: v.literal('refresh') }),
  v.object({ type: v.literal('action'), action: v.picklist(ledgerActions) }),
]);
export type LedgerToHost = v.InferOutput<typeof ledgerToHost>;

/** What the host acts on (the panel handles openExternal itself; the handshake is snapshotProtocol.ts). */
export type LedgerRequest = Extract<LedgerToHost, { type: 'openAsk' | 'export' | 'refresh' | 'action' }>;
/** What the page asks the host for, besides the handshake. */
export type LedgerPageAction = Exclude<LedgerToHost, { type: 'ready' | 'rendered' }>;

// host → page
export type HostToLedger = Snapshot<LedgerViewState>;

/** The Ledger page's protocol: its parsers for both directions. */
export const ledgerProtocol = snapshotProtocol<LedgerViewState, LedgerPageAction>(ledgerViewState, ledgerToHost);
