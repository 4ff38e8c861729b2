import { strict as assert } from 'node:assert';
import { diffLines } from '../../../src/core/anchors/lineDiff';
import { resolveAnchor } from '../../../src/core/anchors/resolve';
import { blockEnd, blockStyleOf } from '../../../src/core/anchors/structure';
import { splitLines } from '../../../src/core/anchors/text';
import type { AnchorInput } from '../../../src/core/anchors/types';

const resolveThrough = (anchor: AnchorInput, before: readonly string[], after: readonly string[]) =>
  resolveAnchor(anchor, after.join('\n'), diffLines(before, after));

describe('core/anchors/structure', () => {
  it('tells whole blocks (braces, indentation) from other lines, and finds where one ends', () => {
    assert.equal(blockStyleOf(['function f(a) {', '  return { a };', '}']), 'brace');
    assert.equal(blockStyleOf(['if (a) {', '  b();', '} else {']), undefined);
    assert.equal(blockStyleOf(["  const s = '{';", '  f();']), undefined);
    assert.equal(blockStyleOf(['def f(a):', '    return a', '']), undefined, 'ends on a blank line');
    assert.equal(blockStyleOf(['def f(a):', '    # note', '    return a']), 'indent');
    const js = ['function f(a) {', "  const s = '}';", '  if (a) {', '    g(); // }', '  }', '}', 'function g() {}'];
    assert.equal(blockEnd(js, 0, 'brace', 100), 5);
    assert.equal(blockEnd(js, 0, 'brace', 3), undefined, 'not closed within the limit');
    const py = ['class A:', '    def f(self):', '        x = 1', '', '        return x', '    def g(self):', '        pass'];
    assert.equal(blockEnd(py, 1, 'indent', 100), 4);
    assert.equal(blockEnd(py, 5, 'indent', 100), 6, 'to the end of the file');
  });

  it('keeps a function that grew at its end whole, and off the function inserted after it', () => {
    const total = ['function total(items) {', '  let sum = 0;', '  for (const item of items) sum += item.price;', '  return sum;', '}'];
    const before = ['// cart', '', ...total, '', 'export { total };'];
    const anchor: AnchorInput = { id: 'a', path: 'cart.js', startLine: 3, endLine: 7, snippet: total.join('\n') };
    // Grown: a guard and a rounding step before its closing brace, and a new helper right after it.
    const grown = [
      'function total(items) {',
      '  if (!items) return 0;',
      '  let sum = 0;',
      '  for (const item of items) sum += item.price;',
      '  sum = Math.round(sum * 100) / 100;',
      '  return sum;',
      '}',
    ];
    const helper = ['', 'function round(x) {', '  return Math.round(x * 100) / 100;', '}'];
    const after = ['// cart', '', ...grown, ...helper, '', 'export { total };'];
    const place = resolveThrough(anchor, before, after);
    assert.equal(place.status, 'changed');
    assert.deepEqual([place.startLine, place.endLine], [3, 9]);
    assert.equal(splitLines(after.join('\n'))[place.endLine! - 1], '}');
  });

  it('follows a Python function that grew to the end of its body', () => {
    const fn = ['def load(self, payload):', '    data = decode(payload)', '    return self.serializer.loads(data)'];
    const before = [...fn, '', 'def other():', '    pass'];
    const anchor: AnchorInput = { id: 'p', path: 'loader.py', startLine: 1, endLine: 3, snippet: fn.join('\n') };
    const after = [
      'def load(self, payload):',
      '    if not payload:',
      '        raise BadPayload("empty")',
      '    data = decode(payload)',
      '    return self.serializer.loads(data)',
      '',
      'def other():',
      '    pass',
    ];
    const place = resolveThrough(anchor, before, after);
    assert.deepEqual([place.status, place.startLine, place.endLine], ['changed', 1, 5]);
  });
});
