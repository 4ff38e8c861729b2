// Picks the Replies page for a snapshot, and keeps the panel from going blank: if drawing the page
// throws, it shows an error with the thread's text (as text) instead of nothing.
import type { RepliesViewState, ReplyItem, ThreadView } from '../shared/webviewProtocol';
import { el, icon } from './dom';
import type { Sanitizer } from './sanitize';
import { renderThread, type ReplyDrafts } from './thread';
import { renderCompose, renderEmpty, renderLoading, renderSent, type Drafts, type Post } from './views';

export interface PageContext {
  readonly post: Post;
  readonly drafts: Drafts;
  readonly replyDrafts: ReplyDrafts;
  readonly sanitize: Sanitizer | undefined;
}

export function renderPage(state: RepliesViewState, ctx: PageContext): HTMLElement {
  try {
    return state.kind === 'compose'
      ? renderCompose(state, ctx.post, ctx.drafts)
      : state.kind === 'sent'
        ? renderSent(state, ctx.post)
        : state.kind === 'thread'
          ? renderThread(state, { post: ctx.post, drafts: ctx.replyDrafts, sanitize: ctx.sanitize })
          : state.kind === 'loading'
            ? renderLoading(state)
            : renderEmpty(state, ctx.post);
  } catch (error) {
    console.error('Mutual Mentor: the Replies page could not be drawn', error);
    return renderBroken(state);
  }
}

/** The thread as plain text: title, question, code, then each reply with its author. */
function threadText(state: ThreadView): string {
  const parts = [String(state.title), `Question: ${String(state.question)}`];
  if (state.code) parts.push(`${String(state.code.location)}\n${String(state.code.snippet)}`);
  const replies = (Array.isArray(state.replies) ? state.replies : []) as readonly (Partial<ReplyItem> | null)[];
  for (const reply of replies) parts.push(`@${String(reply?.author)}: ${String(reply?.body)}`);
  return parts.join('\n\n');
}

/** What shows when a page cannot be drawn: the error, and for a thread its text. */
export function renderBroken(state: RepliesViewState): HTMLElement {
  const section = el(
    'section',
    { className: 'empty error broken' },
    icon('error'),
    el('h2', { textContent: state.kind === 'thread' ? 'This thread could not be displayed' : 'This page could not be displayed' }),
    el('p', { textContent: 'Something in it could not be drawn. Its text is shown below; the thread on GitHub is unchanged.' }),
  );
  section.setAttribute('role', 'alert');
  if (state.kind === 'thread') {
    let text: string;
    try {
      text = threadText(state);
    } catch {
      text = 'The thread’s text could not be read either.';
    }
    section.append(el('div', { className: 'thread-text', textContent: text }));
  }
  return section;
}
