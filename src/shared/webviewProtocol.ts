// The typed message protocol between the extension host and the Replies webview.
// Both sides import these types; every message is validated on receipt with the guards below,
// because a webview is a separate, less trusted context and anything may arrive on the channel.

/** Actions a button in the webview may ask the host to run. The host maps each to a command. */
export const webviewActions = ['showExchanges', 'showLog', 'signIn', 'pairWithPartner', 'refresh', 'askAboutSelection'] as const;
export type WebviewAction = (typeof webviewActions)[number];

export interface ActionButton {
  readonly action: WebviewAction;
  readonly label: string;
}

/** Who the extension is signed in as, or why it is not. */
export type AccountView =
  | { readonly state: 'signedIn'; readonly login: string; readonly host: string }
  | { readonly state: 'signedOut'; readonly host: string; readonly problem: string };

/** How an empty page reads: nothing here yet (info), no connection (offline), or something failed (error). */
export const emptyTones = ['info', 'offline', 'error'] as const;
export type EmptyTone = (typeof emptyTones)[number];

/** Nothing to show: what the panel is for and what to do next. */
export interface EmptyView {
  readonly kind: 'empty';
  readonly tone: EmptyTone;
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

/** Shown while the host fetches what the page is about to show. */
export interface LoadingView {
  readonly kind: 'loading';
  readonly account: AccountView | null;
  readonly title: string;
}

export const replyKinds = ['threadReply', 'review', 'issueComment'] as const;
export type ReplyKind = (typeof replyKinds)[number];

export interface ReplyItem {
  /** GraphQL node id of the comment or review: how actions name the reply. */
  readonly nodeId: string;
  readonly kind: ReplyKind;
  readonly author: string;
  /** ISO time. */
  readonly createdAt: string;
  /** The reply's markdown as written. Shown as plain text when bodyHTML is empty. */
  readonly body: string;
  /** GitHub's rendered HTML (may be ''). The webview sanitizes it again before showing it. */
  readonly bodyHTML: string;
  readonly url: string;
  /** ```suggestion blocks in the body, in order; each gets an "Apply suggestion" button. */
  readonly suggestions: readonly string[];
  /**
   * Per suggestion, against the local file: `applied` (its lines are in: the button says Applied),
   * `changed` (the asked-about lines are gone: it cannot be applied here), else `ready`. Missing entries are `ready`.
   */
  readonly suggestionStates: readonly SuggestionState[];
}

export const suggestionStates = ['ready', 'applied', 'changed'] as const;
export type SuggestionState = (typeof suggestionStates)[number];

/** Where a thread stands: drives the badge's icon; `state` is the words shown with it. */
export const threadStatuses = ['open', 'resolved', 'outdated', 'queued', 'failed'] as const;
export type ThreadStatus = (typeof threadStatuses)[number];

/** The code an ask is about, as quoted when it was asked. */
export interface CodeExcerpt {
  readonly snippet: string;
  /** "src/lruCache.ts, lines 28–30". */
  readonly location: string;
}

/**
 * An ask and its replies.
 * Reply sending: the host sets `replySending` while it posts; a snapshot that goes from sending to
 * not sending with `replyError: null` means the reply was taken (posted or queued), and the page
 * drops its draft. With an error the draft stays for another try.
 */
export interface ThreadView {
  readonly kind: 'thread';
  readonly account: AccountView | null;
  readonly askId: string;
  /** "Asked @grace" / "@grace asked you". */
  readonly title: string;
  readonly partner: string;
  readonly direction: 'sent' | 'received';
  readonly question: string;
  /** The question's markdown rendered as HTML (may be ''). The webview sanitizes it, as it does replies' bodyHTML. */
  readonly questionHTML: string;
  /** Where the ask lives: "src/a.ts, line 3" or "ada/lru-cache". */
  readonly location: string;
  readonly topic: string | null;
  readonly code: CodeExcerpt | null;
  readonly status: ThreadStatus;
  /** The status in words: "open", "waiting to send", "outdated: the lines changed"… */
  readonly state: string;
  readonly url: string | null;
  /** Only review-comment threads can be resolved on GitHub. */
  readonly canResolve: boolean;
  readonly resolved: boolean;
  readonly canReply: boolean;
  readonly replySending: boolean;
  readonly replyError: string | null;
  /** A banner above the thread, e.g. "Offline — showing what was fetched at 10:42". */
  readonly notice: string | null;
  readonly replies: readonly ReplyItem[];
}

/** A full snapshot of what the Replies page shows. The host always sends whole snapshots, never deltas. */
export type RepliesViewState = EmptyView | LoadingView | ComposeView | SentView | ThreadView;

// webview → host
export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly kind: RepliesViewState['kind'] }
  | { readonly type: 'action'; readonly action: WebviewAction }
  | { readonly type: 'send'; readonly draftId: string; readonly partner: string; readonly topic: string; readonly question: string }
  | { readonly type: 'cancel'; readonly draftId: string }
  | { readonly type: 'openExternal'; readonly url: string }
  | { readonly type: 'reply'; readonly askId: string; readonly body: string }
  | { readonly type: 'applySuggestion'; readonly askId: string; readonly replyId: string; readonly index: number }
  | { readonly type: 'setResolved'; readonly askId: string; readonly resolved: boolean }
  | { readonly type: 'markLearned'; readonly askId: string; readonly replyId: string | null }
  | { readonly type: 'revealCode'; readonly askId: string };

/** What a user did on a thread; the host handles these (src/extension/threads/). */
export type ThreadAction = Extract<WebviewToHost, { readonly type: 'reply' | 'applySuggestion' | 'setResolved' | 'markLearned' | 'revealCode' }>;
export const threadActionTypes = ['reply', 'applySuggestion', 'setResolved', 'markLearned', 'revealCode'] as const satisfies readonly ThreadAction['type'][];

export function isThreadAction(message: WebviewToHost): message is ThreadAction {
  return (threadActionTypes as readonly string[]).includes(message.type);
}

// host → webview
export type HostToWebview = { readonly type: 'snapshot'; readonly state: RepliesViewState };

const MAX_TEXT = 20_000;
/** GitHub's limit for a comment body. */
export const MAX_REPLY = 65_536;
/** Rendered HTML of one reply; anything longer is refused rather than shown cut. */
export const MAX_BODY_HTML = 200_000;
const MAX_ID = 200;
const viewKinds = ['empty', 'loading', 'compose', 'sent', 'thread'] as const;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * A thread made to fit what the page accepts, so one oversized item never costs the whole snapshot:
 * long texts are cut (with …), rendered HTML too long to show whole falls back to the markdown text,
 * and only the newest 500 replies and 200 suggestions per reply are kept.
 */
export function fitThread<T extends Omit<ThreadView, 'kind' | 'account'>>(view: T): T {
  const replies = view.replies.slice(-500).map((r) => ({
    ...r,
    author: cut(r.author, 100),
    body: cut(r.body, MAX_REPLY),
    bodyHTML: r.bodyHTML.length <= MAX_BODY_HTML ? r.bodyHTML : '',
    suggestions: r.suggestions.slice(0, 200).map((x) => cut(x, MAX_TEXT)),
    suggestionStates: r.suggestionStates.slice(0, 200),
  }));
  return {
    ...view,
    title: cut(view.title, MAX_TEXT), question: cut(view.question, MAX_REPLY),
    questionHTML: view.questionHTML.length <= MAX_BODY_HTML ? view.questionHTML : '', location: cut(view.location, MAX_TEXT),
    topic: view.topic === null ? null : cut(view.topic, 100), state: cut(view.state, 100),
    code: view.code && { snippet: cut(view.code.snippet, MAX_TEXT), location: cut(view.code.location, MAX_TEXT) },
    replyError: view.replyError === null ? null : cut(view.replyError, MAX_TEXT),
    notice: view.notice === null ? null : cut(view.notice, 500),
    replies,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isTextList(value: unknown, max = 500): value is string[] {
  return Array.isArray(value) && value.length <= 200 && value.every((v) => isText(v, max));
}

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
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
    case 'reply':
      return isId(value.askId) && isText(value.body, MAX_REPLY) && value.body.trim() !== '' ? { type: 'reply', askId: value.askId, body: value.body } : undefined;
    case 'applySuggestion':
      return isId(value.askId) && isId(value.replyId) && Number.isInteger(value.index) && (value.index as number) >= 0 && (value.index as number) < 200
        ? { type: 'applySuggestion', askId: value.askId, replyId: value.replyId, index: value.index as number }
        : undefined;
    case 'setResolved':
      return isId(value.askId) && typeof value.resolved === 'boolean' ? { type: 'setResolved', askId: value.askId, resolved: value.resolved } : undefined;
    case 'markLearned':
      return isId(value.askId) && (value.replyId === null || isId(value.replyId)) ? { type: 'markLearned', askId: value.askId, replyId: value.replyId } : undefined;
    case 'revealCode':
      return isId(value.askId) ? { type: 'revealCode', askId: value.askId } : undefined;
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

function parseReply(r: unknown): ReplyItem | undefined {
  if (!isRecord(r) || !isId(r.nodeId) || !isOneOf(replyKinds, r.kind) || !isText(r.author, 100) || !isText(r.createdAt, 40)
    || !isText(r.body, MAX_REPLY) || !isText(r.bodyHTML, MAX_BODY_HTML) || !isWebUrl(r.url) || !isTextList(r.suggestions, MAX_TEXT)
    || !Array.isArray(r.suggestionStates) || r.suggestionStates.length > 200 || !r.suggestionStates.every((x) => isOneOf(suggestionStates, x))) return undefined;
  return {
    nodeId: r.nodeId, kind: r.kind, author: r.author, createdAt: r.createdAt, body: r.body, bodyHTML: r.bodyHTML, url: r.url, suggestions: r.suggestions,
    suggestionStates: r.suggestionStates,
  };
}

function parseCode(value: unknown): CodeExcerpt | null | undefined {
  if (value === null) return null;
  return isRecord(value) && isText(value.snippet) && isText(value.location) ? { snippet: value.snippet, location: value.location } : undefined;
}

function parseThread(v: Record<string, unknown>, account: AccountView | null): ThreadView | undefined {
  const code = parseCode(v.code);
  if (!isId(v.askId) || !isText(v.title) || !isText(v.partner, 100) || !(v.direction === 'sent' || v.direction === 'received')
    || !isText(v.question, MAX_REPLY) || !isText(v.questionHTML, MAX_BODY_HTML) || !isText(v.location) || !(v.topic === null || isText(v.topic, 100)) || code === undefined
    || !isOneOf(threadStatuses, v.status) || !isText(v.state, 100) || !(v.url === null || isWebUrl(v.url))
    || typeof v.canResolve !== 'boolean' || typeof v.resolved !== 'boolean' || typeof v.canReply !== 'boolean' || typeof v.replySending !== 'boolean'
    || !(v.replyError === null || isText(v.replyError)) || !(v.notice === null || isText(v.notice, 500))
    || !Array.isArray(v.replies) || v.replies.length > 500) return undefined;
  const replies: ReplyItem[] = [];
  for (const raw of v.replies as unknown[]) {
    const reply = parseReply(raw);
    if (!reply) return undefined;
    replies.push(reply);
  }
  return {
    kind: 'thread', account, askId: v.askId, title: v.title, partner: v.partner, direction: v.direction, question: v.question, questionHTML: v.questionHTML, location: v.location,
    topic: v.topic, code, status: v.status, state: v.state, url: v.url, canResolve: v.canResolve, resolved: v.resolved, canReply: v.canReply,
    replySending: v.replySending, replyError: v.replyError, notice: v.notice, replies,
  };
}

export function parseRepliesViewState(value: unknown): RepliesViewState | undefined {
  if (!isRecord(value)) return undefined;
  const account = parseAccount(value.account);
  if (account === undefined) return undefined;
  const v = value;
  switch (v.kind) {
    case 'empty': {
      const actions = parseActions(v.actions);
      if (!isOneOf(emptyTones, v.tone) || !isText(v.title) || !isText(v.detail) || !actions) return undefined;
      return { kind: 'empty', tone: v.tone, title: v.title, detail: v.detail, actions, account };
    }
    case 'loading':
      return isText(v.title) ? { kind: 'loading', account, title: v.title } : undefined;
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
    case 'thread':
      return parseThread(v, account);
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
