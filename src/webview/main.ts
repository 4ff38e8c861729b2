// The Replies page, running inside the webview. It renders whole snapshots sent by the host,
// keeps the last one and any drafts in the webview state (so a hidden-then-shown view paints at
// once and loses nothing typed), and only sends messages defined in src/shared/webviewProtocol.ts.
import { repliesProtocol, type RepliesViewState } from '../shared/webviewProtocol';
import { renderPage } from './page';
import { createSanitizer } from './sanitize';
import { snapshotPage } from './snapshotPage';
import type { ReplyDrafts } from './thread';
import { accountLine, type Drafts } from './views';

/** What the page keeps besides its view (snapshotPage keeps the view). */
interface Saved {
  drafts?: Record<string, { question: string; topic: string; partner: string }>;
  /** Reply drafts by askId. */
  replies?: Record<string, string>;
}

/** Reply drafts kept at most; the oldest go first. */
const MAX_REPLY_DRAFTS = 20;

const page = snapshotPage(repliesProtocol, () => ({ drafts, replies: replyDrafts }) satisfies Saved);
const root = document.getElementById('root');
const saved = page.saved as Saved;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
let drafts: NonNullable<Saved['drafts']> = isRecord(saved.drafts) ? saved.drafts : {};
let replyDrafts: Record<string, string> = isRecord(saved.replies)
  ? Object.fromEntries(Object.entries(saved.replies).filter((e): e is [string, string] => typeof e[1] === 'string'))
  : {};
let current: RepliesViewState | undefined;
const sanitize = createSanitizer(window);

const persist = page.persist;
const draftStore: Drafts = {
  get: (id) => drafts[id],
  set: (id, draft) => {
    drafts = { [id]: draft }; // one draft at a time: the newest
    persist();
  },
};
const replyStore: ReplyDrafts = {
  get: (askId) => replyDrafts[askId] ?? '',
  set: (askId, body) => {
    const kept = Object.entries(replyDrafts)
      .filter(([id]) => id !== askId)
      .slice(-(MAX_REPLY_DRAFTS - 1));
    replyDrafts = Object.fromEntries(body ? [...kept, [askId, body]] : kept);
    persist();
  },
};
const post = page.post;

/** A reply that was sending and no longer is, without an error, was taken by the host: its draft goes. */
function replyTaken(before: RepliesViewState | undefined, after: RepliesViewState): boolean {
  return (
    before?.kind === 'thread' &&
    after.kind === 'thread' &&
    before.askId === after.askId &&
    before.replySending &&
    !after.replySending &&
    after.replyError === null
  );
}

/** The last control with an id that had focus: a control disabled while sending drops focus to the body. */
let lastFocusId: string | undefined;
root?.addEventListener('focusin', (e) => {
  lastFocusId = e.target instanceof HTMLElement && e.target.id ? e.target.id : undefined;
});

/** What had focus (by id) and where the caret was, so a new snapshot does not throw the user out. */
function focusSnapshot(): () => void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement && active.id && root?.contains(active) ? active.id : active === document.body ? lastFocusId : undefined;
  if (!id) return () => undefined;
  const selection =
    (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement) && active.id === id
      ? ([active.selectionStart, active.selectionEnd] as const)
      : undefined;
  return () => {
    const again = document.getElementById(id);
    if (!again || (again as HTMLButtonElement).disabled) return;
    again.focus({ preventScroll: true });
    if (selection && (again instanceof HTMLTextAreaElement || again instanceof HTMLInputElement)) again.setSelectionRange(selection[0], selection[1]);
  };
}

function render(state: RepliesViewState): void {
  if (!root) return;
  if (state.kind === 'thread' && replyTaken(current, state)) replyStore.set(state.askId, '');
  const restoreFocus = focusSnapshot();
  const previous = current;
  current = state;
  const body = renderPage(state, { post, drafts: draftStore, replyDrafts: replyStore, sanitize });
  const another = !previous || previous.kind !== state.kind || (previous.kind === 'thread' && state.kind === 'thread' && previous.askId !== state.askId);
  root.replaceChildren(...(state.account ? [accountLine(state.account)] : []), body);
  if (another) window.scrollTo(0, 0); // a new page starts at its top; a redraw of the same one stays where the reader is
  restoreFocus();
  if (state.kind === 'sent') drafts = {};
}

page.start(render);
