import { strict as assert } from 'node:assert';
import { JSDOM } from 'jsdom';
import type { ComposeView } from '../../../src/shared/webviewProtocol';
import { renderCompose, type Drafts } from '../../../src/webview/views';

const view = (over: Partial<ComposeView> = {}): ComposeView => ({
  kind: 'compose',
  account: null,
  draftId: 'd1',
  partners: ['grace'],
  partner: 'grace',
  topics: [],
  location: 'src/a.ts, lines 1–3',
  snippet: 'const x = 1;',
  destination: 'The lines are in the diff of pull request #1, so the ask becomes a review comment on them.',
  notes: [],
  sending: false,
  error: null,
  ...over,
});

describe('webview/compose', () => {
  let dom: JSDOM;
  const drafts: Drafts = { get: () => undefined, set: () => undefined };
  beforeEach(() => {
    dom = new JSDOM('<!DOCTYPE html><body></body>');
    (globalThis as { document?: Document }).document = dom.window.document;
    (globalThis as { queueMicrotask?: unknown }).queueMicrotask ??= (f: () => void) => Promise.resolve().then(f);
  });
  after(() => {
    delete (globalThis as { document?: Document }).document;
  });

  it('says where the ask goes in one sentence, and keeps Ask and Cancel in the sticky action bar', () => {
    const form = renderCompose(view(), () => undefined, drafts);
    dom.window.document.body.append(form);
    assert.equal(
      form.querySelector('.destination')?.textContent,
      'Where it goes: The lines are in the diff of pull request #1, so the ask becomes a review comment on them.',
    );
    assert.doesNotMatch(form.textContent ?? '', /Goes to The/);
    const bar = form.querySelector('.compose-actions');
    assert.deepEqual(
      [...(bar?.querySelectorAll('button') ?? [])].map((b) => b.textContent),
      ['Ask', 'Cancel'],
    );
    assert.equal(form.lastElementChild, bar, 'the action bar closes the form');
    assert.equal(bar?.querySelector('.hint')?.textContent, 'Ctrl+Enter sends', 'the keyboard hint is in the bar, never under it');
    assert.equal(form.querySelector('#question')?.getAttribute('aria-describedby'), 'send-hint');
    assert.equal(form.querySelectorAll('.hint').length, 1);
    assert.equal(form.querySelector<HTMLElement>('pre.snippet')?.tabIndex, 0);
  });
});
