// Renders each kind of Ledger page. Everything from GitHub or the user goes in as text.
import type {
  GiveBackView,
  LedgerAction,
  LedgerDataView,
  LedgerEmptyView,
  LedgerExportFormat,
  LedgerToHost,
  LedgerViewState,
  PartnerView,
  RecentEvent,
} from '../../shared/ledgerProtocol';
import { el, icon } from '../dom';
import { balanceMeter, timelineChart } from './charts';

export type Post = (message: LedgerToHost) => void;

const actionLabels: Record<LedgerAction, string> = { pairWithPartner: 'Pair with Partner…', signIn: 'Sign In' };
const exportLabels: Record<LedgerExportFormat, string> = { markdown: 'Markdown', csv: 'CSV', json: 'JSON' };
const giveBackIcons: Record<GiveBackView['kind'], string> = { openAsk: 'comment-discussion', reviewRequest: 'git-pull-request', helpWanted: 'issues' };

function button(id: string, label: string, onClick: () => void, options: { secondary?: boolean; icon?: string; ariaLabel?: string } = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', id, className: options.secondary ? 'secondary' : '' }, ...(options.icon ? [icon(options.icon)] : []), label);
  if (options.ariaLabel) b.setAttribute('aria-label', options.ariaLabel);
  b.addEventListener('click', onClick);
  return b;
}

/** A link that opens in the browser through the host (web links only; the host checks again). */
function webLink(url: string, text: string, post: Post): HTMLAnchorElement {
  const a = el('a', { href: url, textContent: text });
  a.addEventListener('click', (e) => {
    e.preventDefault();
    post({ type: 'openExternal', url });
  });
  return a;
}

function renderLoading(): HTMLElement {
  const section = el('section', { className: 'empty loading' }, icon('loading'), el('h2', { textContent: 'Loading the ledger…' }));
  section.firstElementChild?.classList.add('codicon-modifier-spin');
  section.setAttribute('aria-busy', 'true');
  section.setAttribute('aria-live', 'polite');
  return section;
}

function renderEmpty(state: LedgerEmptyView, post: Post): HTMLElement {
  const section = el('section', { className: 'empty' }, icon('law'), el('h2', { textContent: state.title }), el('p', { textContent: state.detail }));
  section.setAttribute('aria-live', 'polite');
  const action = state.action;
  const fix = action
    ? button('empty-action', actionLabels[action], () => post({ type: 'action', action }))
    : button('empty-action', 'Refresh', () => post({ type: 'refresh' }), { icon: 'refresh' });
  section.append(el('div', { className: 'actions' }, fix));
  return section;
}

function toolbar(state: LedgerDataView, post: Post): HTMLElement {
  const when = new Date(state.generatedAt);
  const updated = Number.isNaN(when.getTime()) ? state.generatedAt : when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const exports = el(
    'div',
    { className: 'export' },
    el('span', { className: 'export-label', textContent: 'Export:' }),
    ...(Object.keys(exportLabels) as LedgerExportFormat[]).map((format) =>
      button(`export-${format}`, exportLabels[format], () => post({ type: 'export', format }), {
        secondary: true,
        ariaLabel: `Export as ${exportLabels[format]}`,
      }),
    ),
  );
  exports.setAttribute('role', 'group');
  exports.setAttribute('aria-label', 'Export the ledger');
  return el(
    'header',
    { className: 'toolbar' },
    el(
      'div',
      { className: 'heading' },
      el('h1', { textContent: `Ledger of @${state.me}` }),
      el('p', { className: 'quiet', textContent: `What you and each partner gave each other. Updated ${updated}.` }),
    ),
    el(
      'div',
      { className: 'tools' },
      button('refresh', 'Refresh', () => post({ type: 'refresh' }), { icon: 'refresh', secondary: true }),
      exports,
    ),
  );
}

function topicTable(p: PartnerView): HTMLElement {
  const section = el('section', { className: 'topics' }, el('h3', { textContent: 'By topic' }));
  if (p.topics.length === 0) {
    section.append(el('p', { className: 'quiet', textContent: 'No topics yet.' }));
    return section;
  }
  const headers = ['Topic', 'Taught', 'Learned', 'Help given', 'Help received'];
  section.append(
    el(
      'table',
      {},
      el('caption', { className: 'visually-hidden', textContent: `Topics with @${p.login}` }),
      el('thead', {}, el('tr', {}, ...headers.map((h, i) => el('th', { scope: 'col', className: i ? 'num' : '', textContent: h })))),
      el(
        'tbody',
        {},
        ...p.topics.map((t) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row', textContent: t.topic }),
            ...[t.taught, t.learned, t.helpGiven, t.helpReceived].map((n) => el('td', { className: n ? 'num' : 'num zero', textContent: String(n) })),
          ),
        ),
      ),
    ),
  );
  return section;
}

function giveBackList(p: PartnerView, index: number, post: Post): HTMLElement {
  const list = el('ul', { className: 'give-back' });
  list.setAttribute('aria-label', `Ways to give back to @${p.login}`);
  p.giveBack.forEach((item, j) => {
    const askId = item.askId;
    const open =
      item.kind === 'openAsk' && askId
        ? button(`p${index}-give-${j}`, item.title || 'Untitled ask', () => post({ type: 'openAsk', askId }), { secondary: true })
        : webLink(item.url, item.title || item.url, post);
    list.append(el('li', {}, icon(giveBackIcons[item.kind]), el('span', { className: 'item' }, open, el('span', { className: 'why', textContent: item.why }))));
  });
  return list;
}

function driftSection(p: PartnerView, index: number, post: Post): HTMLElement {
  const calm = p.drift.state === 'balanced' || p.drift.state === 'tooFew';
  const section = el(
    'section',
    { className: `drift ${p.drift.state}` },
    el(
      'p',
      { className: 'message' },
      icon(calm ? 'pass' : p.drift.state === 'receiving' ? 'heart' : 'lightbulb'),
      el('span', { textContent: p.drift.message }),
    ),
  );
  if (p.giveBack.length > 0) {
    if (calm) section.append(el('p', { className: 'quiet', textContent: 'Ways to give back, if you like:' }));
    section.append(giveBackList(p, index, post));
  }
  return section;
}

function recentList(p: PartnerView, post: Post): HTMLElement {
  const section = el('section', { className: 'recent' }, el('h3', { textContent: 'Latest' }));
  if (p.recent.length === 0) {
    section.append(el('p', { className: 'quiet', textContent: 'Nothing yet.' }));
    return section;
  }
  const item = (e: RecentEvent) => {
    const gave = e.direction === 'gave';
    const mark = el(
      'span',
      { className: `direction ${e.direction}` },
      icon(gave ? 'arrow-right' : 'arrow-left'),
      el('span', { className: 'visually-hidden', textContent: gave ? 'You gave:' : 'You received:' }),
    );
    return el('li', {}, el('time', { dateTime: e.at, textContent: e.at.slice(0, 10) }), mark, webLink(e.url, e.text, post));
  };
  section.append(el('ol', {}, ...p.recent.map(item)));
  return section;
}

function partnerCard(p: PartnerView, index: number, post: Post): HTMLElement {
  const titleId = `p${index}-title`;
  const card = el(
    'article',
    { className: 'partner' },
    // One summary per partner: the balance line under the meter (taught/learned and help are its parts).
    el('header', {}, el('h2', { id: titleId, textContent: `@${p.login}` })),
    balanceMeter(p),
    driftSection(p, index, post),
    el('div', { className: 'columns' }, timelineChart(p), topicTable(p)),
    recentList(p, post),
  );
  card.setAttribute('aria-labelledby', titleId);
  card.id = `partner-${index}`;
  card.tabIndex = -1; // "Show more" moves focus to the first new card
  return card;
}

/** Partner cards drawn per page. */
export const PAGE_SIZE = 8;

function renderLedger(state: LedgerDataView, post: Post): HTMLElement {
  const page = el('div', { className: 'ledger' }, toolbar(state, post));
  if (state.partners.length === 0) {
    page.append(
      el(
        'section',
        { className: 'empty' },
        icon('law'),
        el('h2', { textContent: 'No lessons or help recorded yet' }),
        el('p', {
          textContent: 'When you and a partner answer each other’s asks, review each other’s pull requests or note what you learned, it adds up here.',
        }),
      ),
    );
  }
  // A page of cards at a time (most recently active first): many partners still paint at once.
  const more = el('div', { className: 'more' });
  let shown = 0;
  const showMore = () => {
    const next = state.partners.slice(shown, shown + PAGE_SIZE);
    more.before(...next.map((p, i) => partnerCard(p, shown + i, post)));
    shown += next.length;
    const left = state.partners.length - shown;
    more.replaceChildren(
      ...(left > 0
        ? [
            button(
              'show-more',
              `Show ${Math.min(left, PAGE_SIZE)} more of ${left} partners`,
              () => {
                showMore();
                document.getElementById(`partner-${shown - Math.min(left, PAGE_SIZE)}`)?.focus();
              },
              { secondary: true },
            ),
          ]
        : []),
    );
  };
  page.append(more);
  showMore();
  return page;
}

/** The whole page for one snapshot. */
export function renderLedgerPage(state: LedgerViewState, post: Post): HTMLElement {
  switch (state.kind) {
    case 'loading':
      return renderLoading();
    case 'empty':
      return renderEmpty(state, post);
    case 'ledger':
      return renderLedger(state, post);
  }
}
