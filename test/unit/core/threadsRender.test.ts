import { strict as assert } from 'node:assert';
import { questionHtml } from '../../../src/core/threads/questionHtml';

describe('core/threads: the question as HTML', () => {
  it('renders markdown with raw HTML off, images as their alt text and only web or mail links', () => {
    const html = questionHtml('Why `as never`?\n\n```ts\nconst a = 1;\n```\n\n<script>alert(1)</script> ![pixel](https://t.example/p.png) [docs](https://example.com) [run](command:evil) [f](file:///etc/passwd)');
    assert.match(html, /<code>as never<\/code>/);
    assert.match(html, /<pre><code class="language-ts">const a = 1;\n<\/code><\/pre>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'HTML in the text stays text');
    assert.doesNotMatch(html, /<script|<img|href="(?:command|file):/, "links elsewhere stay text");
    assert.match(html, /pixel/);
    assert.match(html, /<a href="https:\/\/example\.com">docs<\/a>/);
    assert.equal(questionHtml(''), '');
    assert.equal(questionHtml('x'.repeat(70_000)), '', 'too long to parse: shown as text');
  });
});
