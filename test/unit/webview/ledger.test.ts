import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import type { LedgerDataView, LedgerToHost, LedgerViewState, PartnerView } from '../../../src/shared/ledgerProtocol';
import { renderLedgerPage } from '../../../src/webview/ledger/page';
import { TRAP_TITLE, trapScript } from '../../fixtures/xssPayloads';

const hostile = `<img src=x onerror="${trapScript('ledger')}"><script>${trapScript('ledger')}</script>`;
const partner = (over: Partial<PartnerView> = {}): PartnerView => ({
  login: 'grace',
  taught: 3,
  learned: 6,
  helpGiven: 2,
  helpReceived: 3,
  balance: -4 / 14,
  topics: [
    { topic: 'testing', taught: 1, learned: 4, helpGiven: 0, helpReceived: 2 },
    { topic: '(no topic)', taught: 2, learned: 2, helpGiven: 2, helpReceived: 1 },
  ],
  months: [
    { month: '2026-09', given: 1, received: 2 },
    { month: '2026-10', given: 0, received: 0 },
    { month: '2026-11', given: 4, received: 7 },
  ],
  drift: { state: 'receiving', given: 2, received: 9, message: 'You have received 9 and given 2 in the last 60 days. A way to give back:' },
  giveBack: [
    { kind: 'openAsk', title: 'Why a Map?', url: 'https://github.com/grace/x/issues/3', askId: 'ask-1', why: '@grace asked you' },
    { kind: 'helpWanted', title: 'Flaky test', url: 'https://github.com/grace/y/issues/9', askId: null, why: 'labelled help wanted' },
  ],
  recent: [
    { at: '2026-11-20T10:00:00Z', text: 'You learned from @grace: maps', url: 'https://github.com/ada/x/issues/1#issuecomment-1', direction: 'received' },
    { at: '2026-11-19T10:00:00Z', text: "You reviewed @grace's pull request: tests", url: 'https://github.com/grace/y/pull/2', direction: 'gave' },
  ],
  ...over,
});
const ledger = (partners: PartnerView[]): LedgerDataView => ({ kind: 'ledger', me: 'ada', generatedAt: '2026-11-21T07:00:00.000Z', partners });

describe('webview/ledger', () => {
  let dom: JSDOM;
  let posted: LedgerToHost[];

  beforeEach(() => {
    dom = new JSDOM('<!DOCTYPE html><title>Ledger</title><body></body>', { runScripts: 'outside-only' });
    (globalThis as { document?: Document }).document = dom.window.document;
    posted = [];
  });
  after(() => {
    delete (globalThis as { document?: Document }).document;
  });

  function render(state: LedgerViewState): HTMLElement {
    const node = renderLedgerPage(state, (m) => posted.push(m));
    dom.window.document.body.replaceChildren(node);
    return node;
  }
  const click = (node: Element | null | undefined) => {
    assert.ok(node, 'the control is there');
    node.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true }));
  };

  it('draws a page of partner cards at a time, and Show more adds the next page', () => {
    const node = render(ledger(Array.from({ length: 20 }, (_, i) => partner({ login: `p${i}` }))));
    const cards = () => node.querySelectorAll('article.partner').length;
    assert.equal(cards(), 8);
    assert.equal(node.querySelector('#show-more')?.textContent, 'Show 8 more of 12 partners');
    click(node.querySelector('#show-more'));
    assert.equal(cards(), 16);
    assert.equal(node.querySelector('#show-more')?.textContent, 'Show 4 more of 4 partners');
    click(node.querySelector('#show-more'));
    assert.equal(cards(), 20);
    assert.equal(node.querySelector('#show-more'), null);
    assert.deepEqual([...node.querySelectorAll('article.partner h2')].map((h) => h.textContent).slice(14, 17), ['@p14', '@p15', '@p16'], 'in order');
  });

  it('draws a timeline with two bars a month, axis labels, an accessible name with the numbers and a hidden table', () => {
    const page = render(ledger([partner()]));
    const chart = page.querySelector('svg.chart');
    assert.ok(chart);
    assert.equal(chart.namespaceURI, 'http://www.w3.org/2000/svg');
    assert.equal(chart.getAttribute('role'), 'img');
    assert.equal(chart.querySelectorAll('rect.bar').length, 6);
    assert.deepEqual(
      [...chart.querySelectorAll('rect.bar.given')].map((r) => r.getAttribute('data-value')),
      ['1', '0', '4'],
    );
    assert.deepEqual(
      [...chart.querySelectorAll('rect.bar.received')].map((r) => r.getAttribute('data-value')),
      ['2', '0', '7'],
    );
    const heights = [...chart.querySelectorAll('rect.bar.received')].map((r) => Number(r.getAttribute('height')));
    assert.ok(heights[2] > heights[0] && heights[0] > heights[1] && heights[1] === 0, `bar heights follow the values: ${heights.join()}`);
    assert.equal(
      chart.getAttribute('aria-label'),
      'Given and received per month with @grace, Sep 2026 to Nov 2026: you gave 5 and received 9 in total; busiest month Nov 2026 with 4 given and 7 received',
    );
    assert.deepEqual(
      [...chart.querySelectorAll('.months text')].map((t) => t.textContent),
      ['Sep2026', 'Oct', 'Nov'],
    );
    assert.ok(chart.querySelectorAll('.grid text').length >= 2, 'y axis labels');
    const rows = [...page.querySelectorAll('.timeline table.visually-hidden tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    assert.deepEqual(rows, [
      ['Sep 2026', '1', '2'],
      ['Oct 2026', '0', '0'],
      ['Nov 2026', '4', '7'],
    ]);
    assert.deepEqual(
      [...page.querySelectorAll('.legend li')].map((li) => li.textContent),
      ['Given to @grace', 'Received from @grace'],
    );
  });

  it('shows the balance meter, the topic table, the drift and the latest events', () => {
    const page = render(ledger([partner()]));
    assert.equal(page.querySelector('.partner h2')?.textContent, '@grace');
    assert.equal(page.querySelector('.balance-text')?.textContent, 'You gave 5 (taught 3, help 2) · received 9 (learned 6, help 3)');
    assert.equal(page.querySelector('.partner header')?.textContent, '@grace', 'no second summary with other figures beside it');
    const meter = page.querySelector('svg.meter');
    assert.equal(meter?.getAttribute('aria-label'), 'Balance with @grace: you gave 5 and received 9, leaning towards receiving');
    assert.equal(meter?.querySelector('rect.bar.received')?.getAttribute('x'), String(120 - (4 / 14) * 120));
    assert.deepEqual(
      [...page.querySelectorAll('.topics tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
      [
        ['testing', '1', '4', '0', '2'],
        ['(no topic)', '2', '2', '2', '1'],
      ],
    );
    assert.equal(page.querySelector('.drift.receiving .message')?.textContent, 'You have received 9 and given 2 in the last 60 days. A way to give back:');
    assert.deepEqual(
      [...page.querySelectorAll('.recent li')].map((li) => li.textContent),
      ['2026-11-20You received:You learned from @grace: maps', "2026-11-19You gave:You reviewed @grace's pull request: tests"],
    );
    assert.equal(
      render(ledger([partner({ drift: { state: 'balanced', given: 3, received: 3, message: 'Balanced.' } })])).querySelector('.drift.balanced .message')
        ?.textContent,
      'Balanced.',
    );
  });

  it('posts the messages its buttons and links stand for', () => {
    const page = render(ledger([partner()]));
    for (const id of ['#refresh', '#export-markdown', '#export-csv', '#export-json', '#p0-give-0']) click(page.querySelector(id));
    click(page.querySelector('.give-back a'));
    click(page.querySelector('.recent a'));
    assert.deepEqual(posted, [
      { type: 'refresh' },
      { type: 'export', format: 'markdown' },
      { type: 'export', format: 'csv' },
      { type: 'export', format: 'json' },
      { type: 'openAsk', askId: 'ask-1' },
      { type: 'openExternal', url: 'https://github.com/grace/y/issues/9' },
      { type: 'openExternal', url: 'https://github.com/ada/x/issues/1#issuecomment-1' },
    ]);
    assert.equal(page.querySelector('#export-csv')?.getAttribute('aria-label'), 'Export as CSV');
    for (const b of page.querySelectorAll('button')) assert.equal(b.getAttribute('type'), 'button');
  });

  it('keeps hostile partner, topic, title and event text as text', () => {
    const evil = partner({
      login: `grace${hostile}`,
      topics: [{ topic: hostile, taught: 1, learned: 0, helpGiven: 0, helpReceived: 0 }],
      drift: { state: 'receiving', given: 0, received: 5, message: hostile },
      giveBack: [
        { kind: 'openAsk', title: hostile, url: 'https://github.com/grace/x/issues/3', askId: 'ask-1', why: hostile },
        { kind: 'reviewRequest', title: hostile, url: 'https://github.com/grace/x/pull/4', askId: null, why: hostile },
      ],
      recent: [{ at: '2026-11-20T10:00:00Z', text: hostile, url: 'https://github.com/ada/x/issues/1', direction: 'received' }],
    });
    const page = render({ ...ledger([evil]), me: hostile });
    assert.equal(page.querySelectorAll('img, script, [onerror]').length, 0);
    assert.equal(page.querySelector('h1')?.textContent, `Ledger of @${hostile}`);
    assert.equal(page.querySelector('.partner h2')?.textContent, `@grace${hostile}`);
    assert.equal(page.querySelector('.topics tbody th')?.textContent, hostile);
    assert.equal(page.querySelector('#p0-give-0')?.textContent, hostile);
    assert.equal(page.querySelector('.give-back a')?.textContent, hostile);
    assert.equal(page.querySelector('.recent a')?.textContent, hostile);
    assert.ok(page.querySelector('svg.chart')?.getAttribute('aria-label')?.includes(hostile));
    assert.notEqual(dom.window.document.title, TRAP_TITLE);
  });

  it('shows loading, and empty states with the button that fixes them', () => {
    assert.equal(render({ kind: 'loading' }).getAttribute('aria-busy'), 'true');
    const pair = render({ kind: 'empty', title: 'No partner yet', detail: 'Pair with someone first.', action: 'pairWithPartner' });
    assert.equal(pair.querySelector('h2')?.textContent, 'No partner yet');
    assert.equal(pair.querySelector('#empty-action')?.textContent, 'Pair with Partner…');
    click(pair.querySelector('#empty-action'));
    click(render({ kind: 'empty', title: 'Signed out', detail: 'd', action: 'signIn' }).querySelector('#empty-action'));
    click(render({ kind: 'empty', title: 'Offline', detail: 'd', action: null }).querySelector('#empty-action'));
    assert.deepEqual(posted, [{ type: 'action', action: 'pairWithPartner' }, { type: 'action', action: 'signIn' }, { type: 'refresh' }]);
    const none = render(ledger([]));
    assert.equal(none.querySelector('.empty h2')?.textContent, 'No lessons or help recorded yet');
    assert.ok(none.querySelector('#refresh'), 'the toolbar stays');
    const quiet = render(ledger([partner({ months: [], topics: [], recent: [], giveBack: [] })]));
    assert.equal(quiet.querySelector('svg.chart'), null);
    assert.equal(quiet.querySelector('.timeline .quiet')?.textContent, 'Nothing recorded yet.');
  });
});
