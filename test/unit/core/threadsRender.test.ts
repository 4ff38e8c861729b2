import { strict as assert } from 'node:assert';
import { questionHtml } from '../../../src/core/threads/questionHtml';
import { planSuggestion, suggestionState } from '../../../src/core/threads/suggestion';

describe('core/threads: the question as HTML', () => {
  it('renders markdown with raw HTML off, images as their alt text and only web or mail links', () => {
    const html = questionHtml(
      'Why `as never`?\n\n```ts\nconst a = 1;\n```\n\n<script>alert(1)</script> ![pixel](https://t.example/p.png) [docs](https://example.com) [run](command:evil) [f](file:///etc/passwd)',
    );
    assert.match(html, /<code>as never<\/code>/);
    assert.match(html, /<pre><code class="language-ts">const a = 1;\n<\/code><\/pre>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'HTML in the text stays text');
    assert.doesNotMatch(html, /<script|<img|href="(?:command|file):/, 'links elsewhere stay text');
    assert.match(html, /pixel/);
    assert.match(html, /<a href="https:\/\/example\.com">docs<\/a>/);
    assert.equal(questionHtml(''), '');
    assert.equal(questionHtml('x'.repeat(70_000)), '', 'too long to parse: shown as text');
  });
});

describe('core/threads: whether a suggestion is applied', () => {
  const text = ['a', 'b', 'while (x) {', '  shrink();', '}', 'c'].join('\n');
  const anchor = { startLine: 3, endLine: 3, snippet: 'while (x) {' };

  it('is ready while the asked-about lines are there, and applied once the suggested ones are', () => {
    const suggestion = 'while (x) { // shrink to fit\n  log();';
    assert.equal(suggestionState(text, anchor, suggestion), 'ready');
    const plan = planSuggestion(text, anchor, suggestion);
    assert.ok(plan.ok);
    assert.equal(suggestionState(plan.newText, anchor, suggestion), 'applied');
  });

  it('is applied, not ready again, when the suggestion keeps the asked-about line (applying twice would duplicate lines)', () => {
    const suggestion = 'while (x) {\n  guard();';
    const plan = planSuggestion(text, anchor, suggestion);
    assert.ok(plan.ok);
    assert.equal(planSuggestion(plan.newText, anchor, suggestion).ok, true, 'the plan alone would apply it again');
    assert.equal(suggestionState(plan.newText, anchor, suggestion), 'applied');
  });

  it('finds an applied suggestion that moved, and says changed when neither the lines nor the suggestion are there', () => {
    const suggestion = 'until (y) {';
    const moved = ['new', 'lines', ...planOk(text, anchor, suggestion).split('\n')].join('\n');
    assert.equal(suggestionState(moved, anchor, suggestion), 'applied');
    assert.equal(suggestionState(text.replace('while (x) {', 'for (;;) {'), anchor, suggestion), 'changed');
    assert.equal(suggestionState(text.replace('while (x) {\n', ''), anchor, ''), 'changed', 'a deletion done');
    assert.equal(suggestionState(text, anchor, ''), 'ready');
  });
});

function planOk(text: string, anchor: { startLine: number; endLine: number; snippet: string }, suggestion: string): string {
  const plan = planSuggestion(text, anchor, suggestion);
  assert.ok(plan.ok);
  return plan.newText;
}
