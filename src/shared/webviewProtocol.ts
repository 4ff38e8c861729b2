// The typed message protocol between the extension host and the Replies webview.
// Both sides import these types; every message is validated on receipt with the guards below,
// because a webview is a separate, less trusted context and anything may arrive on the channel.

/** Actions a button in the webview may ask the host to run. The host maps each to a command. */
export const webviewActions = ['showExchanges', 'showLog', 'signIn', 'pairWithPartner'] as const;
export type WebviewAction = (typeof webviewActions)[number];

export interface ActionButton {
  readonly action: WebviewAction;
  readonly label: string;
}

/** Who the extension is signed in as, or why it is not. */
export type AccountView =
  | { readonly state: 'signedIn'; readonly login: string; readonly host: string }
  | { readonly state: 'signedOut'; readonly host: string; readonly problem: string };

/** Nothing to show: what the panel is for and what to do next. */
export interface EmptyView {
  readonly kind: 'empty';
  readonly title: string;
  readonly detail: string;
  readonly actions: readonly ActionButton[];
  readonly account: AccountView | null;
}

/** Writing an ask about selected code: what the asker fills in and where it will go. */
export interface ComposeView {
  readonly kind: 'compose';
  readonly account: AccountView | null;
  /** Identifies this draft: the webview keeps the typed question under it while hidden. */
  readonly draftId: string;
  readonly partners: readonly string[];
  readonly partner: string;
  /** Topic suggestions (recent ones, what the partner teaches). */
  readonly topics: readonly string[];
  /** "src/lruCache.ts, lines 28–30". */
  readonly location: string;
  readonly snippet: string;
  /** Where it goes: "a review comment on ada/lru-cache#1 (lines 28–30) …". */
  readonly destination: string;
  /** What the asker should know: uncommitted edits, what is quoted instead of linked, … */
  readonly notes: readonly string[];
  readonly sending: boolean;
  readonly error: string | null;
}

/** An ask that was sent (or is waiting in the outbox). */
export interface SentView {
  readonly kind: 'sent';
  readonly account: AccountView | null;
  readonly title: string;
  readonly detail: string;
  /** The ask on GitHub, once GitHub has it. */
  readonly url: string | null;
}

export interface ReplyItem {
  readonly author: string;
  /** ISO time. */
  readonly createdAt: string;
  /** The reply's markdown as written (shown as text; GitHub's rendered HTML comes with sanitizing). */
  readonly body: string;
  readonly url: string;
  /** ```suggestion blocks in the body. */
  readonly suggestions: readonly string[];
}

/** An ask and its replies. */
export interface ThreadView {
  readonly kind: 'thread';
  readonly account: AccountView | null;
  readonly askId: string;
  /** "Asked @grace" / "@grace asked you". */
  readonly title: string;
  readonly question: string;
  readonly location: string;
  readonly topic: string | null;
  /** open, resolved, outdated, waiting to send… */
  readonly state: string;
  readonly url: string | null;
  readonly replies: readonly ReplyItem[];
}

/** A full snapshot of what the Replies page shows. The host always sends whole snapshots, never deltas. */
export type RepliesViewState = EmptyView | ComposeView | SentView | ThreadView;

// webview → host
export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly kind: RepliesViewState['kind'] }
  | { readonly type: 'action'; readonly action: WebviewAction }
  | { readonly type: 'send'; readonly draftId: string; readonly partner: string; readonly topic: string; readonly question: string }
  | { readonly type: 'cancel'; readonly draftId: string }
  | { readonly type: 'openExternal'; readonly url: string };

// host → webview
export type HostToWebview = { readonly type: 'snapshot'; readonly state: RepliesViewState };

const MAX_TEXT = 20_000;
const viewKinds = ['empty', 'compose', 'sent', 'thread'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= 200 && value.every((v) => isText(v, 500));
}

/** Only web links leave the webview; anything else (command:, file:, javascript:) is refused. */
export function isWebUrl(value: unknown): value is string {
  if (!isText(value, 2000)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function isWebviewAction(value: unknown): value is WebviewAction {
  return typeof value === 'string' && (webviewActions as readonly string[]).includes(value);
}

/** Returns the message if it is a well-formed webview → host message, otherwise undefined. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return (viewKinds as readonly unknown[]).includes(value.kind) ? { type: 'rendered', kind: value.kind as RepliesViewState['kind'] } : undefined;
    case 'action':
      return isWebviewAction(value.action) ? { type: 'action', action: value.action } : undefined;
    case 'send':
      return isText(value.draftId, 100) && isText(value.partner, 100) && isText(value.topic, 100) && isText(value.question)
        ? { type: 'send', draftId: value.draftId, partner: value.partner, topic: value.topic, question: value.question }
        : undefined;
    case 'cancel':
      return isText(value.draftId, 100) ? { type: 'cancel', draftId: value.draftId } : undefined;
    case 'openExternal':
      return isWebUrl(value.url) ? { type: 'openExternal', url: value.url } : undefined;
    default:
      return undefined;
  }
}

function parseAccount(value: unknown): AccountView | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || !isText(value.host)) return undefined;
  if (value.state === 'signedIn' && isText(value.login)) return { state: 'signedIn', login: value.login, host: value.host };
  if (value.state === 'signedOut' && isText(value.problem)) return { state: 'signedOut', host: value.host, problem: value.problem };
  return undefined;
}

function parseActions(value: unknown): ActionButton[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const actions: ActionButton[] = [];
  for (const raw of value) {
    if (!isRecord(raw) || !isWebviewAction(raw.action) || !isText(raw.label)) return undefined;
    actions.push({ action: raw.action, label: raw.label });
  }
  return actions;
}

export function parseRepliesViewState(value: unknown): RepliesViewState | undefined {
  if (!isRecord(value)) return undefined;
  const account = parseAccount(value.account);
  if (account === undefined) return undefined;
  const v = value;
  switch (v.kind) {
    case 'empty': {
      const actions = parseActions(v.actions);
      if (!isText(v.title) || !isText(v.detail) || !actions) return undefined;
      return { kind: 'empty', title: v.title, detail: v.detail, actions, account };
    }
    case 'compose':
      if (!isText(v.draftId, 100) || !isTextList(v.partners) || !isText(v.partner, 100) || !isTextList(v.topics) || !isText(v.location)
        || !isText(v.snippet) || !isText(v.destination) || !isTextList(v.notes) || typeof v.sending !== 'boolean'
        || !(v.error === null || isText(v.error))) return undefined;
      return {
        kind: 'compose', account, draftId: v.draftId, partners: v.partners, partner: v.partner, topics: v.topics, location: v.location,
        snippet: v.snippet, destination: v.destination, notes: v.notes, sending: v.sending, error: v.error,
      };
    case 'sent':
      if (!isText(v.title) || !isText(v.detail) || !(v.url === null || isWebUrl(v.url))) return undefined;
      return { kind: 'sent', account, title: v.title, detail: v.detail, url: v.url };
    case 'thread': {
      if (!isText(v.askId, 100) || !isText(v.title) || !isText(v.question) || !isText(v.location) || !(v.topic === null || isText(v.topic, 100))
        || !isText(v.state, 100) || !(v.url === null || isWebUrl(v.url)) || !Array.isArray(v.replies) || v.replies.length > 500) return undefined;
      const replies: ReplyItem[] = [];
      for (const r of v.replies as unknown[]) {
        if (!isRecord(r) || !isText(r.author, 100) || !isText(r.createdAt, 40) || !isText(r.body) || !isWebUrl(r.url) || !isTextList(r.suggestions)) return undefined;
        replies.push({ author: r.author, createdAt: r.createdAt, body: r.body, url: r.url, suggestions: r.suggestions });
      }
      return { kind: 'thread', account, askId: v.askId, title: v.title, question: v.question, location: v.location, topic: v.topic, state: v.state, url: v.url, replies };
    }
    default:
      return undefined;
  }
}

/** Returns the message if it is a well-formed host → webview message, otherwise undefined. */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isRecord(value) || value.type !== 'snapshot') return undefined;
  const state = parseRepliesViewState(value.state);
  return state ? { type: 'snapshot', state } : undefined;
}
