// Renders an ask and its replies, with the actions a thread offers. GitHub's HTML goes in only
// through the sanitizer (sanitize.ts); everything else goes in as text. The page only posts
// messages: the host replies, applies, resolves and records lessons.
import type { ReplyItem, ThreadStatus, ThreadView } from '../shared/webviewProtocol';
import { el, icon, sendKeys } from './dom';
import { handleLinks, UnsafeBodyError, type Sanitizer } from './sanitize';
import type { Post } from './views';

export interface ReplyDrafts {
  get(askId: string): string;
  set(askId: string, body: string): void;
}

export interface ThreadContext {
  readonly post: Post;
  readonly drafts: ReplyDrafts;
  /** Undefined where DOMPurify cannot run: bodies then show as text. */
  readonly sanitize: Sanitizer | undefined;
}

const statusIcons: Record<ThreadStatus, string> = {
  open: 'circle-large-outline',
  resolved: 'pass',
  outdated: 'history',
  queued: 'clock',
  failed: 'error',
};

const kindWords: Record<ReplyItem['kind'], string> = { threadReply: 'replied', review: 'reviewed', issueComment: 'commented' };

/** Initials for the avatar placeholder: "grace-hopper" → "GH", "ada" → "A". */
export function initials(login: string): string {
  const parts = login.split(/[-_]+/).filter(Boolean);
  return (parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : login.slice(0, 1)).toUpperCase() || '?';
}

function avatar(login: string, mine: boolean): HTMLElement {
  const span = el('span', { className: `avatar${mine ? ' mine' : ''}`, textContent: initials(login) });
  span.setAttribute('aria-hidden', 'true');
  return span;
}

/** "Nov 21, 5:04 AM"; the year only when it is not this year. */
function formatTime(iso: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const year = when.getFullYear() === new Date().getFullYear() ? {} : ({ year: 'numeric' } as const);
  return when.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', ...year });
}

function button(
  id: string,
  label: string,
  codicon: string,
  onClick: () => void,
  options: { secondary?: boolean; ariaLabel?: string; iconOnly?: boolean } = {},
): HTMLButtonElement {
  const b = el('button', {
    type: 'button',
    id,
    className: [options.secondary ? 'secondary' : '', options.iconOnly ? 'icon-button' : ''].filter(Boolean).join(' '),
  });
  b.append(icon(codicon));
  if (options.iconOnly) b.title = options.ariaLabel ?? label;
  else b.append(el('span', { textContent: label }));
  if (options.ariaLabel) b.setAttribute('aria-label', options.ariaLabel);
  b.addEventListener('click', onClick);
  return b;
}

export const PLAIN_TEXT_NOTE = 'Shown as plain text: this reply could not be displayed safely.';

/** A body shown as text, with the note saying why it is not formatted. */
function plainBody(text: string): HTMLElement {
  const note = el('p', { className: 'plain-note' }, icon('warning'), el('span', { textContent: PLAIN_TEXT_NOTE }));
  return el('div', { className: 'body text plain' }, note, el('div', { textContent: text }));
}

/**
 * A body: sanitized HTML (GitHub's, or the question's rendered markdown) when there is some, else the
 * markdown source as text. A body the sanitizer refuses or fails on is shown as text (the markdown
 * source, else the text of an inert parse), never as unsanitized HTML, and never takes the rest of
 * the thread with it.
 */
function messageBody(html: string, markdown: string, ctx: ThreadContext, extra = ''): HTMLElement {
  if (html.trim() && ctx.sanitize) {
    try {
      const body = el('div', { className: `body html${extra}` });
      body.append(ctx.sanitize(html));
      handleLinks(body, (url) => ctx.post({ type: 'openExternal', url }));
      return body;
    } catch (error) {
      console.warn(`Mutual Mentor: a message shown as text: ${error instanceof Error ? error.message : String(error)}`);
      return plainBody(markdown.trim() ? markdown : error instanceof UnsafeBodyError ? error.text : '');
    }
  }
  return el('div', { className: `body text${extra}`, textContent: markdown });
}

function replyBody(reply: ReplyItem, ctx: ThreadContext): HTMLElement {
  return messageBody(reply.bodyHTML, reply.body, ctx);
}

/** A reply whose rendering failed for another reason: its author and text, nothing else. */
function fallbackReply(reply: ReplyItem, error: unknown): HTMLElement {
  console.error('Mutual Mentor: a reply could not be rendered', error);
  const head = el('div', { className: 'message-head' }, el('strong', { className: 'author', textContent: `@${String(reply.author)}` }));
  return el('li', { className: 'reply' }, head, plainBody(String(reply.body)));
}

function renderReply(reply: ReplyItem, index: number, state: ThreadView, me: string | null, ctx: ThreadContext): HTMLElement {
  const mine = me !== null && reply.author.toLowerCase() === me.toLowerCase();
  const headId = `reply-${index}-head`;
  const head = el(
    'div',
    { className: 'message-head', id: headId },
    avatar(reply.author, mine),
    el('strong', { className: 'author', textContent: `@${reply.author}` }),
    el('span', { className: 'kind', textContent: kindWords[reply.kind] }),
    el('time', { dateTime: reply.createdAt, title: new Date(reply.createdAt).toString(), textContent: formatTime(reply.createdAt) }),
  );
  const tools = el(
    'span',
    { className: 'tools' },
    button(`open-reply-${index}`, 'Open on GitHub', 'link-external', () => ctx.post({ type: 'openExternal', url: reply.url }), {
      iconOnly: true,
      secondary: true,
      ariaLabel: `Open @${reply.author}'s reply on GitHub`,
    }),
  );
  if (!mine) {
    tools.append(
      button(`learned-${index}`, 'Mark as learned…', 'mortar-board', () => ctx.post({ type: 'markLearned', askId: state.askId, replyId: reply.nodeId }), {
        iconOnly: true,
        secondary: true,
        ariaLabel: `Mark as learned from @${reply.author}'s reply…`,
      }),
    );
  }
  head.append(tools);
  const item = el('li', { className: `reply${mine ? ' mine' : ''}` }, head, replyBody(reply, ctx));
  item.setAttribute('aria-labelledby', headId);
  reply.suggestions.forEach((suggestion, i) => {
    const lines = suggestion === '' ? 0 : suggestion.split('\n').length;
    const what = reply.suggestions.length > 1 ? `Suggested change ${i + 1} of ${reply.suggestions.length}` : 'Suggested change';
    const target = state.code?.location ?? state.location;
    const applies = reply.suggestionStates[i] ?? 'ready';
    const apply =
      applies === 'ready'
        ? button(
            `apply-${index}-${i}`,
            'Apply suggestion',
            'check',
            () => ctx.post({ type: 'applySuggestion', askId: state.askId, replyId: reply.nodeId, index: i }),
            { ariaLabel: `Apply ${what.toLowerCase()} from @${reply.author} to ${target}` },
          )
        : button(
            `apply-${index}-${i}`,
            applies === 'applied' ? 'Applied' : 'Cannot apply',
            applies === 'applied' ? 'pass-filled' : 'circle-slash',
            () => undefined,
            {
              secondary: true,
              ariaLabel:
                applies === 'applied'
                  ? `${what} from @${reply.author} is applied in ${target}`
                  : `${what} from @${reply.author} cannot be applied: the lines changed in your copy`,
            },
          );
    apply.disabled = applies !== 'ready';
    const box = el(
      'div',
      { className: `suggestion ${applies}` },
      icon('lightbulb'),
      el('span', { textContent: `${what} · ${lines === 0 ? 'removes the lines' : `${lines} ${lines === 1 ? 'line' : 'lines'}`}` }),
      apply,
    );
    if (applies === 'changed')
      box.append(el('p', { className: 'hint', textContent: 'The lines it replaces changed in your copy since the ask; apply it on GitHub or edit by hand.' }));
    item.append(box);
  });
  return item;
}

function replyForm(state: ThreadView, ctx: ThreadContext): HTMLElement {
  const form = el('form', { className: 'reply-form' });
  form.setAttribute('aria-label', 'Reply');
  const input = el('textarea', {
    id: 'reply-input',
    rows: 4,
    value: ctx.drafts.get(state.askId),
    disabled: state.replySending,
    maxLength: 65_536,
    placeholder: 'Write a reply (markdown)…',
  });
  input.setAttribute('aria-describedby', 'reply-hint');
  input.addEventListener('input', () => {
    input.removeAttribute('aria-invalid');
    ctx.drafts.set(state.askId, input.value);
  });
  const send = el(
    'button',
    { type: 'submit', id: 'send-reply', disabled: state.replySending },
    icon('send'),
    el('span', { textContent: state.replySending ? 'Sending…' : 'Reply' }),
  );
  const submit = () => {
    if (!input.value.trim()) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    ctx.drafts.set(state.askId, input.value);
    ctx.post({ type: 'reply', askId: state.askId, body: input.value });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  });
  form.append(
    el('label', { htmlFor: 'reply-input', textContent: state.direction === 'sent' ? `Reply to @${state.partner}` : `Answer @${state.partner}` }),
    input,
    el('p', { id: 'reply-hint', className: 'hint', textContent: sendKeys() }),
    ...(state.replyError ? [el('p', { className: 'error', role: 'alert' }, icon('error'), el('span', { textContent: state.replyError }))] : []),
    el('div', { className: 'actions' }, send),
  );
  return form;
}

export function renderThread(state: ThreadView, ctx: ThreadContext): HTMLElement {
  const me = state.account?.state === 'signedIn' ? state.account.login : null;
  const article = el('article', { className: 'thread' });
  article.setAttribute('aria-labelledby', 'thread-title');

  const badge = el('span', { className: `badge status-${state.status}` }, icon(statusIcons[state.status]), el('span', { textContent: state.state }));
  badge.setAttribute('aria-label', `Status: ${state.state}`);
  const facts = el('p', { className: 'facts' }, badge);
  if (state.topic) facts.append(el('span', { className: 'chip', textContent: state.topic, title: 'Topic' }));
  article.append(el('header', {}, el('h2', { id: 'thread-title' }, icon('comment-discussion'), el('span', { textContent: state.title })), facts));
  if (state.notice) article.append(el('p', { className: 'notice', role: 'status' }, icon('info'), el('span', { textContent: state.notice })));

  const asker = state.direction === 'sent' ? me : state.partner;
  const ask = el(
    'section',
    { className: 'ask' },
    el(
      'div',
      { className: 'message-head' },
      avatar(asker ?? 'you', state.direction === 'sent'),
      el('strong', { className: 'author', textContent: asker ? `@${asker}` : 'You' }),
      el('span', { className: 'kind', textContent: 'asked' }),
    ),
    messageBody(state.questionHTML, state.question, ctx, ' question'),
  );
  ask.setAttribute('aria-label', 'Question');
  article.append(ask);

  if (state.code) {
    const caption = el(
      'figcaption',
      {},
      icon('file-code'),
      el('span', { className: 'where', textContent: state.code.location }),
      button('go-to-code', 'Go to code', 'go-to-file', () => ctx.post({ type: 'revealCode', askId: state.askId }), {
        secondary: true,
        iconOnly: true,
        ariaLabel: `Go to code: ${state.code.location}`,
      }),
    );
    const pre = el('pre', { className: 'snippet' }, el('code', { textContent: state.code.snippet }));
    pre.setAttribute('aria-label', `Code excerpt, ${state.code.location}`);
    pre.tabIndex = 0; // scrollable: reachable by keyboard
    article.append(el('figure', { className: 'code' }, caption, pre));
  } else {
    article.append(el('p', { className: 'location' }, icon('repo'), el('span', { textContent: state.location })));
  }

  const actions = el('div', { className: 'actions thread-actions' });
  actions.setAttribute('aria-label', 'Thread actions');
  if (state.url) {
    const url = state.url;
    actions.append(button('open-github', 'Open on GitHub', 'github', () => ctx.post({ type: 'openExternal', url }), { secondary: true }));
  }
  if (state.canResolve) {
    const toggle = state.resolved
      ? button('resolve', 'Unresolve', 'issue-reopened', () => ctx.post({ type: 'setResolved', askId: state.askId, resolved: false }), {
          secondary: true,
          ariaLabel: 'Unresolve the conversation on GitHub',
        })
      : button('resolve', 'Resolve', 'pass', () => ctx.post({ type: 'setResolved', askId: state.askId, resolved: true }), {
          secondary: true,
          ariaLabel: 'Resolve the conversation on GitHub',
        });
    toggle.addEventListener('click', () => (toggle.disabled = true)); // one change at a time: the next snapshot brings it back
    actions.append(toggle);
  }
  actions.append(
    button('mark-learned', 'Mark as learned…', 'mortar-board', () => ctx.post({ type: 'markLearned', askId: state.askId, replyId: null }), { secondary: true }),
  );
  article.append(actions);

  const count = `${state.replies.length} ${state.replies.length === 1 ? 'reply' : 'replies'}`;
  if (state.replies.length) {
    const list = el('ol', { className: 'replies' });
    list.setAttribute('aria-label', count);
    state.replies.forEach((reply, i) => {
      try {
        list.append(renderReply(reply, i, state, me, ctx));
      } catch (error) {
        list.append(fallbackReply(reply, error));
      }
    });
    article.append(el('h3', { className: 'section-title', textContent: count }), list);
  } else {
    const waiting =
      state.status === 'queued'
        ? 'The ask is waiting to be sent. Replies show here once your partner answers.'
        : state.direction === 'sent'
          ? `No reply yet. It shows here as soon as @${state.partner} answers.`
          : 'No reply yet.';
    article.append(el('p', { className: 'waiting', textContent: waiting }));
  }

  if (state.canReply) article.append(replyForm(state, ctx));
  else if (state.status === 'queued') article.append(el('p', { className: 'hint', textContent: 'You can reply here once the ask is on GitHub.' }));
  return article;
}
