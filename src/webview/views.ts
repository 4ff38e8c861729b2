// Renders each kind of Replies page. Everything user- or GitHub-provided goes in as text.
import type { AccountView, ComposeView, EmptyTone, EmptyView, LoadingView, SentView, WebviewToHost } from '../shared/webviewProtocol';
import { el, icon, sendKeys } from './dom';

export type Post = (message: WebviewToHost) => void;

export interface Drafts {
  get(draftId: string): { question: string; topic: string; partner: string } | undefined;
  set(draftId: string, draft: { question: string; topic: string; partner: string }): void;
}

export function accountLine(account: AccountView): HTMLElement {
  const text = account.state === 'signedIn' ? `Signed in as @${account.login} on ${account.host}` : `Not signed in to ${account.host}: ${account.problem}`;
  return el('p', { className: `account ${account.state}` }, icon(account.state === 'signedIn' ? 'account' : 'warning'), el('span', { textContent: text }));
}

const toneIcons: Record<EmptyTone, string> = { info: 'comment-discussion', offline: 'debug-disconnect', error: 'error' };

export function renderEmpty(state: EmptyView, post: Post): HTMLElement {
  const section = el(
    'section',
    { className: `empty ${state.tone}` },
    icon(toneIcons[state.tone]),
    el('h2', { textContent: state.title }),
    el('p', { textContent: state.detail }),
  );
  section.setAttribute('aria-live', 'polite');
  if (state.actions.length > 0) {
    const actions = el('div', { className: 'actions' });
    state.actions.forEach((button, index) => {
      const b = el('button', { type: 'button', textContent: button.label, className: index === 0 ? '' : 'secondary' });
      b.addEventListener('click', () => post({ type: 'action', action: button.action }));
      actions.append(b);
    });
    section.append(actions);
  }
  return section;
}

export function renderCompose(state: ComposeView, post: Post, drafts: Drafts): HTMLElement {
  const draft = drafts.get(state.draftId);
  const form = el('form', { className: 'compose' });
  form.setAttribute('aria-label', 'Ask your partner');

  const partner = el('select', { id: 'partner', disabled: state.sending || state.partners.length < 2 });
  for (const login of state.partners)
    partner.append(el('option', { value: login, textContent: `@${login}`, selected: login === (draft?.partner ?? state.partner) }));

  const topic = el('input', { id: 'topic', type: 'text', value: draft?.topic ?? '', placeholder: 'e.g. testing', disabled: state.sending, maxLength: 100 });
  topic.setAttribute('list', 'topics');
  const topics = el('datalist', { id: 'topics' });
  for (const t of state.topics) topics.append(el('option', { value: t }));

  const question = el('textarea', {
    id: 'question',
    rows: 6,
    value: draft?.question ?? '',
    disabled: state.sending,
    required: true,
    placeholder: 'What are you stuck on? What did you try?',
  });
  question.setAttribute('aria-describedby', 'send-hint');
  const save = () => drafts.set(state.draftId, { question: question.value, topic: topic.value, partner: partner.value });
  for (const input of [question, topic, partner]) input.addEventListener('input', save);

  const code = el('pre', { className: 'snippet' }, el('code', { textContent: state.snippet }));
  code.setAttribute('aria-label', `Selected code, ${state.location}`);
  code.tabIndex = 0; // scrollable when long: reachable by keyboard
  const notes = el('ul', { className: 'notes' });
  for (const n of state.notes) notes.append(el('li', {}, icon('info'), el('span', { textContent: n })));

  const send = el('button', { type: 'submit', textContent: state.sending ? 'Sending…' : 'Ask', disabled: state.sending });
  const cancel = el('button', { type: 'button', className: 'secondary', textContent: 'Cancel', disabled: state.sending });
  cancel.addEventListener('click', () => post({ type: 'cancel', draftId: state.draftId }));
  const submit = () => {
    if (!question.value.trim()) {
      question.focus();
      question.setAttribute('aria-invalid', 'true');
      return;
    }
    save();
    post({ type: 'send', draftId: state.draftId, partner: partner.value, topic: topic.value.trim(), question: question.value });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  question.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  });

  form.append(
    el('h2', {}, icon('comment'), el('span', { textContent: 'Ask your partner' })),
    el('p', { className: 'location', textContent: state.location }),
    ...(state.snippet ? [code] : []),
    el('label', { htmlFor: 'partner', textContent: 'Partner' }),
    partner,
    el('label', { htmlFor: 'topic', textContent: 'Topic (optional)' }),
    topic,
    topics,
    el('label', { htmlFor: 'question', textContent: 'Question' }),
    question,
    el('p', { className: 'destination' }, icon('github'), el('span', {}, el('strong', { textContent: 'Where it goes: ' }), state.destination)),
    ...(state.notes.length ? [notes] : []),
    ...(state.error ? [el('p', { className: 'error', role: 'alert', textContent: state.error })] : []),
    // Sticky at the bottom of the panel: Ask is in reach however tall the form is.
    // The keyboard hint sits in the bar beside the buttons it stands for, never under it.
    el('div', { className: 'actions compose-actions' }, send, cancel, el('span', { id: 'send-hint', className: 'hint', textContent: sendKeys() })),
  );
  if (!state.sending) queueMicrotask(() => question.focus());
  return form;
}

export function renderSent(state: SentView, post: Post): HTMLElement {
  const section = el('section', { className: 'empty sent' }, icon('check'), el('h2', { textContent: state.title }), el('p', { textContent: state.detail }));
  section.setAttribute('aria-live', 'polite');
  if (state.url) {
    const url = state.url;
    const open = el('button', { type: 'button', textContent: 'Open on GitHub' });
    open.addEventListener('click', () => post({ type: 'openExternal', url }));
    section.append(el('div', { className: 'actions' }, open));
  }
  return section;
}

export function renderLoading(state: LoadingView): HTMLElement {
  const section = el('section', { className: 'empty loading' }, icon('loading'), el('h2', { textContent: state.title }));
  section.firstElementChild?.classList.add('codicon-modifier-spin');
  section.setAttribute('aria-busy', 'true');
  section.setAttribute('aria-live', 'polite');
  return section;
}
