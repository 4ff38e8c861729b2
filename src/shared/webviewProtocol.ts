// The typed message protocol between the extension host and the Replies webview.
// Each message is a schema: its type is inferred from it and every message is validated with it on
// receipt, because a webview is a separate, less trusted context and anything may arrive on the channel.
// The handshake (ready → snapshot → rendered) is snapshotProtocol.ts; caps and fitting are schema.ts.
import * as v from 'valibot';
import { anyList, html, id, list, parser, text, webUrl, type Caps } from './schema';
import { pageMessages, snapshotProtocol, type Snapshot } from './snapshotProtocol';

const MAX_TEXT = 20_000;
/** GitHub's limit for a comment body. */
export const MAX_REPLY = 65_536;
/** Rendered HTML of one reply; anything longer is refused rather than shown cut. */
export const MAX_BODY_HTML = 200_000;

/** Actions a button in the webview may ask the host to run. The host maps each to a command. */
export const webviewActions = ['showExchanges', 'showLog', 'signIn', 'pairWithPartner', 'refresh', 'askAboutSelection'] as const;
const webviewAction = v.picklist(webviewActions);
export type WebviewAction = v.InferOutput<typeof webviewAction>;

const actionButton = v.object({ action: webviewAction, label: text(MAX_TEXT) });
export type ActionButton = v.InferOutput<typeof actionButton>;

/** Who the extension is signed in as, or why it is not. */
const accountView = v.variant('state', [
  v.object({ state: v.literal('signedIn'), login: text(MAX_TEXT), host: text(MAX_TEXT) }),
  v.object({ state: v.literal('signedOut'), host: text(MAX_TEXT), problem: text(MAX_TEXT) }),
]);
export type AccountView = v.InferOutput<typeof accountView>;
const account = v.nullable(accountView);

/** How an empty page reads: nothing here yet (info), no connection (offline), or something failed (error). */
export const emptyTones = ['info', 'offline', 'error'] as const;
export type EmptyTone = (typeof emptyTones)[number];

/** Nothing to show: what the panel is for and what to do next. */
const emptyView = v.object({
  kind: v.literal('empty'),
  tone: v.picklist(emptyTones),
  title: text(MAX_TEXT),
  detail: text(MAX_TEXT),
  actions: anyList(actionButton),
  account,
});
export type EmptyView = v.InferOutput<typeof emptyView>;

const shortList = list(text(500), 200);

/** Writing an ask about selected code: what the asker fills in and where it will go. */
const composeView = v.object({
  kind: v.literal('compose'),
  account,
  /** Identifies this draft: the webview keeps the typed question under it while hidden. */
  draftId: text(100),
  partners: shortList,
  partner: text(100),
  /** Topic suggestions (recent ones, what the partner teaches). */
  topics: shortList,
  /** "src/lruCache.ts, lines 28–30". */
  location: text(MAX_TEXT),
  snippet: text(MAX_TEXT),
  /** Where it goes: "a review comment on ada/lru-cache#1 (lines 28–30) …". */
  destination: text(MAX_TEXT),
  /** What the asker should know: uncommitted edits, what is quoted instead of linked, … */
  notes: shortList,
  sending: v.boolean(),
  error: v.nullable(text(MAX_TEXT)),
});
export type ComposeView = v.InferOutput<typeof composeView>;

/** An ask that was sent (or is waiting in the outbox); url: the ask on GitHub, once GitHub has it. */
const sentView = v.object({ kind: v.literal('sent'), account, title: text(MAX_TEXT), detail: text(MAX_TEXT), url: v.nullable(webUrl) });
export type SentView = v.InferOutput<typeof sentView>;

/** Shown while the host fetches what the page is about to show. */
const loadingView = v.object({ kind: v.literal('loading'), account, title: text(MAX_TEXT) });
export type LoadingView = v.InferOutput<typeof loadingView>;

export const replyKinds = ['threadReply', 'review', 'issueComment'] as const;
export type ReplyKind = (typeof replyKinds)[number];
export const suggestionStates = ['ready', 'applied', 'changed'] as const;
export type SuggestionState = (typeof suggestionStates)[number];
/** Where a thread stands: drives the badge's icon; `state` is the words shown with it. */
export const threadStatuses = ['open', 'resolved', 'outdated', 'queued', 'failed'] as const;
export type ThreadStatus = (typeof threadStatuses)[number];

/**
 * A reply. nodeId (the comment's or review's GraphQL id) is how actions name it; body is the markdown
 * as written (shown as text when bodyHTML is ''); bodyHTML is GitHub's rendering, sanitized again by
 * the page; suggestions are the ```suggestion blocks, each with its state against the local file:
 * `applied` (its lines are in), `changed` (the asked-about lines are gone), else `ready` (missing = ready).
 * Fitting keeps the first 200 suggestions, cuts texts and drops HTML too long to show whole.
 */
function replyItem(caps: Caps) {
  return v.object({
    nodeId: id,
    kind: v.picklist(replyKinds),
    author: text(100, caps),
    /** ISO time. */
    createdAt: text(40),
    body: text(MAX_REPLY, caps),
    bodyHTML: html(MAX_BODY_HTML, caps),
    url: webUrl,
    suggestions: list(text(MAX_TEXT, caps), 200, caps),
    suggestionStates: list(v.picklist(suggestionStates), 200, caps),
  });
}
export type ReplyItem = v.InferOutput<ReturnType<typeof replyItem>>;

/** The code an ask is about, as quoted when it was asked ("src/lruCache.ts, lines 28–30"). */
const codeExcerpt = (caps: Caps) => v.object({ snippet: text(MAX_TEXT, caps), location: text(MAX_TEXT, caps) });
export type CodeExcerpt = v.InferOutput<ReturnType<typeof codeExcerpt>>;

/**
 * An ask and its replies, less its kind and account. Fitting keeps the newest 500 replies and cuts
 * long texts, so one oversized item never costs the whole snapshot.
 * Reply sending: the host sets `replySending` while it posts; a snapshot that goes from sending to
 * not sending with `replyError: null` means the reply was taken (posted or queued), and the page
 * drops its draft. With an error the draft stays for another try.
 */
function threadFields(caps: Caps) {
  return {
    askId: id,
    /** "Asked @grace" / "@grace asked you". */
    title: text(MAX_TEXT, caps),
    partner: text(100),
    direction: v.picklist(['sent', 'received']),
    question: text(MAX_REPLY, caps),
    /** The question's markdown rendered as HTML (may be ''). The webview sanitizes it, as it does replies' bodyHTML. */
    questionHTML: html(MAX_BODY_HTML, caps),
    /** Where the ask lives: "src/a.ts, line 3" or "ada/lru-cache". */
    location: text(MAX_TEXT, caps),
    topic: v.nullable(text(100, caps)),
    code: v.nullable(codeExcerpt(caps)),
    status: v.picklist(threadStatuses),
    /** The status in words: "open", "waiting to send", "outdated: the lines changed"… */
    state: text(100, caps),
    url: v.nullable(webUrl),
    /** Only review-comment threads can be resolved on GitHub. */
    canResolve: v.boolean(),
    resolved: v.boolean(),
    canReply: v.boolean(),
    replySending: v.boolean(),
    replyError: v.nullable(text(MAX_TEXT, caps)),
    /** A banner above the thread, e.g. "Offline — showing what was fetched at 10:42". */
    notice: v.nullable(text(500, caps)),
    replies: list(replyItem(caps), 500, caps, 'last'),
  };
}

const threadView = v.object({ kind: v.literal('thread'), account, ...threadFields('check') });
export type ThreadView = v.InferOutput<typeof threadView>;
/** A thread as the host builds it, before the kind and account are added. */
export type ThreadFields = Omit<ThreadView, 'kind' | 'account'>;

/** A thread made to fit what the page accepts (see threadFields), or undefined if it is malformed in a way cutting cannot fix. */
export const fitThread: (view: ThreadFields) => ThreadFields | undefined = parser(v.object(threadFields('fit')));

/** A full snapshot of what the Replies page shows. The host always sends whole snapshots, never deltas. */
const repliesViewState = v.variant('kind', [emptyView, loadingView, composeView, sentView, threadView]);
export type RepliesViewState = v.InferOutput<typeof repliesViewState>;
const viewKinds = ['empty', 'loading', 'compose', 'sent', 'thread'] as const satisfies readonly RepliesViewState['kind'][];

// webview → host
const webviewToHost = v.variant('type', [
  ...pageMessages(viewKinds),
  v.object({ type: v.literal('action'), action: webviewAction }),
  v.object({ type: v.literal('send'), draftId: text(100), partner: text(100), topic: text(100), question: text(MAX_TEXT) }),
  v.object({ type: v.literal('cancel'), draftId: text(100) }),
  v.object({ type: v.literal('openExternal'), url: webUrl }),
  v.object({
    type: v.literal('reply'),
    askId: id,
    body: v.pipe(
      text(MAX_REPLY),
      v.check((body) => body.trim() !== ''),
    ),
  }),
  v.object({ type: v.literal('applySuggestion'), askId: id, replyId: id, index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(199)) }),
  v.object({ type: v.literal('setResolved'), askId: id, resolved: v.boolean() }),
  v.object({ type: v.literal('markLearned'), askId: id, replyId: v.nullable(id) }),
  v.object({ type: v.literal('revealCode'), askId: id }),
]);
export type WebviewToHost = v.InferOutput<typeof webviewToHost>;
/** What the page asks the host for, besides the handshake. */
export type RepliesAction = Exclude<WebviewToHost, { type: 'ready' | 'rendered' }>;

/** What a user did on a thread; the host handles these (src/extension/threads/). */
export type ThreadAction = Extract<WebviewToHost, { type: 'reply' | 'applySuggestion' | 'setResolved' | 'markLearned' | 'revealCode' }>;
export const threadActionTypes = ['reply', 'applySuggestion', 'setResolved', 'markLearned', 'revealCode'] as const satisfies readonly ThreadAction['type'][];

export function isThreadAction(message: WebviewToHost): message is ThreadAction {
  return (threadActionTypes as readonly string[]).includes(message.type);
}

// host → webview
export type HostToWebview = Snapshot<RepliesViewState>;

/** The Replies page's protocol: its parsers for both directions. */
export const repliesProtocol = snapshotProtocol<RepliesViewState, RepliesAction>(repliesViewState, webviewToHost);
