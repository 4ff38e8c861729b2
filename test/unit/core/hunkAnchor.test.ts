import { strict as assert } from 'node:assert';
import { anchorFromHunk } from '../../../src/core/sync/hunkAnchor';
import { assertLinear } from '../../support/linearity';

const repo = { host: 'github.com', owner: 'grace', name: 'kata' };
const hunk = [
  '@@ -10,6 +10,7 @@ export class Cache {',
  '   get(key) {',
  '-    return this.map.get(key);',
  '+    const hit = this.map.get(key);',
  '+    return hit;',
  '   }',
  ' ',
].join('\n');

describe('anchorFromHunk: the lines a review comment is on, from its diff hunk', () => {
  it('takes the new side of the hunk, skipping removed lines, for a range and for one line', () => {
    assert.deepEqual(anchorFromHunk(repo, 'src/cache.ts', 'abc', 11, 12, hunk), {
      repo,
      path: 'src/cache.ts',
      commit: 'abc',
      startLine: 11,
      endLine: 12,
      snippet: '    const hit = this.map.get(key);\n    return hit;',
    });
    assert.equal(anchorFromHunk(repo, 'src/cache.ts', 'abc', undefined, 10, hunk)?.snippet, '  get(key) {');
    const noNewline = `${hunk.split('\n').slice(0, 5).join('\n')}\n\\ No newline at end of file`;
    assert.equal(anchorFromHunk(repo, 'src/cache.ts', 'abc', 12, 12, noNewline)?.snippet, '    return hit;');
  });

  it('declines when the hunk does not hold every line, or the input is malformed or too big', () => {
    assert.equal(anchorFromHunk(repo, 'src/cache.ts', 'abc', 12, 20, hunk), undefined, 'past the hunk');
    assert.equal(anchorFromHunk(repo, 'src/cache.ts', 'abc', 5, 10, hunk), undefined, 'before the hunk');
    assert.equal(anchorFromHunk(repo, 'src/cache.ts', 'abc', 12, 11, hunk), undefined, 'start after end');
    assert.equal(anchorFromHunk(repo, 'src/cache.ts', 'abc', 0, 1, hunk), undefined);
    for (const header of ['', '@@', '@@ -1 @@', '@@ -1,2 +x,2 @@', 'diff --git a b']) {
      assert.equal(anchorFromHunk(repo, 'src/cache.ts', 'abc', 1, 1, `${header}\n+a`), undefined, header);
    }
    assert.equal(anchorFromHunk(repo, '', 'abc', 10, 10, hunk), undefined, 'no path');
    assert.equal(anchorFromHunk(repo, 'src/cache.ts', '', 10, 10, hunk), undefined, 'no commit');
    assert.equal(anchorFromHunk(repo, 'a.ts', 'abc', 1, 1, `@@ -1 +1 @@\n+${'x'.repeat(200_000)}`), undefined, 'a hunk over the cap');
    assert.equal(anchorFromHunk(repo, 'a.ts', 'abc', 1, 600, `@@ -1 +1,600 @@\n${'+x\n'.repeat(600)}`), undefined, 'too many lines asked about');
  });

  it('reads hostile hunks in linear time', () => {
    const read = (input: string) => anchorFromHunk(repo, 'a.ts', 'abc', 1, 3, input);
    assertLinear(read, (n) => `@@ -1 +1,${n} @@\n${'+\r\n'.repeat(n / 3)}`, 'many lines ending in CR');
    assertLinear(read, (n) => `@@ -1 +1 @@${' +'.repeat(n / 2)}\n+a`, 'a header of repeated " +"');
  });
});
