import { strict as assert } from 'node:assert';
import { findSnippet } from '../../../src/core/anchors/fuzzy';
import { diffLines } from '../../../src/core/anchors/lineDiff';
import { mapRange } from '../../../src/core/anchors/map';
import { resolveAnchor } from '../../../src/core/anchors/resolve';
import { AnchorTracker } from '../../../src/core/anchors/track';
import type { AnchorInput } from '../../../src/core/anchors/types';
import { parseHunks } from '../../../src/core/git/diff';

const at = (tracker: AnchorTracker, id: string) => tracker.places().get(id);
const insertLines = (line: number, text: string) => ({ startLine: line, startCharacter: 0, endLine: line, endCharacter: 0, text });
const deleteLines = (from: number, to: number) => ({ startLine: from, startCharacter: 0, endLine: to + 1, endCharacter: 0, text: '' });

describe('core/anchors/track', () => {
  // Anchors on 1-based lines 10–12; changes use 0-based lines like LSP (line 9 is the anchor's first).
  const make = () =>
    new AnchorTracker(100, [
      { id: 'a', startLine: 10, endLine: 12 },
      { id: 'b', startLine: 50, endLine: 50 },
    ]);

  it('shifts anchors below inserted or deleted lines and leaves those above alone', () => {
    const t = make();
    t.applyChange(insertLines(0, 'x\ny\n'));
    assert.deepEqual(at(t, 'a'), { startLine: 12, endLine: 14, touched: false });
    t.applyChange(deleteLines(0, 2));
    assert.deepEqual(at(t, 'a'), { startLine: 9, endLine: 11, touched: false });
    t.applyChange(insertLines(20, 'below\n'));
    assert.deepEqual(at(t, 'a'), { startLine: 9, endLine: 11, touched: false });
    assert.deepEqual(at(t, 'b'), { startLine: 50, endLine: 50, touched: false }, '-1 then +1');
    assert.equal(t.lineCount, 100);
  });

  it('treats whole lines inserted just above the first line as above, and just below the last as below', () => {
    const t = make();
    t.applyChange(insertLines(9, 'new\n'));
    assert.deepEqual(at(t, 'a'), { startLine: 11, endLine: 13, touched: false });
    t.applyChange(insertLines(13, 'after\n')); // 0-based 13 is the line after the anchor's last (1-based 13)
    assert.deepEqual(at(t, 'a'), { startLine: 11, endLine: 13, touched: false });
  });

  it('marks an anchor touched by an edit on one of its lines, keeping its lines', () => {
    const t = make();
    t.applyChange({ startLine: 10, startCharacter: 4, endLine: 10, endCharacter: 7, text: 'abc' });
    assert.deepEqual(at(t, 'a'), { startLine: 10, endLine: 12, touched: true });
    assert.deepEqual(at(t, 'b'), { startLine: 50, endLine: 50, touched: false });
  });

  it('grows over lines inserted inside and shrinks over lines deleted inside', () => {
    const t = make();
    t.applyChange(insertLines(10, 'one\ntwo\n'));
    assert.deepEqual(at(t, 'a'), { startLine: 10, endLine: 14, touched: true });
    assert.deepEqual(at(t, 'b'), { startLine: 52, endLine: 52, touched: false });
    t.applyChange(deleteLines(10, 12));
    assert.deepEqual(at(t, 'a'), { startLine: 10, endLine: 11, touched: true });
  });

  it('follows multi-line replacements that overlap an edge, and a paste over the whole anchor', () => {
    const t = make();
    // Lines 8–10 (0-based 7–9, the anchor's first line among them) replaced by one line.
    t.applyChange({ startLine: 7, startCharacter: 0, endLine: 9, endCharacter: 5, text: 'merged' });
    assert.deepEqual(at(t, 'a'), { startLine: 8, endLine: 10, touched: true });
    assert.deepEqual(at(t, 'b'), { startLine: 48, endLine: 48, touched: false });
    // A paste of four lines over 0-based 6–12, covering the whole anchor.
    t.applyChange({ startLine: 6, startCharacter: 0, endLine: 12, endCharacter: 0, text: 'p1\np2\np3\np4\n' });
    assert.deepEqual(at(t, 'a'), { startLine: 7, endLine: 10, touched: true });
    assert.deepEqual(at(t, 'b'), { startLine: 46, endLine: 46, touched: false });
  });

  it("joining the anchor's first line onto the line above touches it; an empty change does nothing", () => {
    const t = make();
    t.applyChange({ startLine: 8, startCharacter: 20, endLine: 9, endCharacter: 0, text: '' });
    assert.deepEqual(at(t, 'a'), { startLine: 9, endLine: 11, touched: true });
    const u = make();
    u.applyChange({ startLine: 9, startCharacter: 3, endLine: 9, endCharacter: 3, text: '' });
    assert.deepEqual(at(u, 'a'), { startLine: 10, endLine: 12, touched: false });
  });
});

describe('core/anchors/map', () => {
  const hunks = parseHunks(
    [
      '@@ -2,0 +3,2 @@',
      '+a',
      '+b', // two lines inserted after old line 2
      '@@ -10,2 +12 @@',
      '-x',
      '-y',
      '+z', // old 10–11 replaced by new 12
      '@@ -20,3 +20,0 @@',
      '-p',
      '-q',
      '-r', // old 20–22 removed
    ].join('\n'),
  );

  it('leaves ranges before every hunk where they are', () => {
    assert.deepEqual(mapRange(hunks, 1, 2), { startLine: 1, endLine: 2, touched: false });
  });

  it('shifts ranges after hunks by what they inserted and removed', () => {
    assert.deepEqual(mapRange(hunks, 5, 8), { startLine: 7, endLine: 10, touched: false });
    assert.deepEqual(mapRange(hunks, 12, 15), { startLine: 13, endLine: 16, touched: false });
    assert.deepEqual(mapRange(hunks, 30, 31), { startLine: 28, endLine: 29, touched: false });
  });

  it('marks ranges a hunk changes and stretches them over its new lines', () => {
    assert.deepEqual(mapRange(hunks, 9, 10), { startLine: 11, endLine: 12, touched: true });
    assert.deepEqual(mapRange(hunks, 11, 13), { startLine: 12, endLine: 14, touched: true });
    assert.deepEqual(mapRange(hunks, 2, 3), { startLine: 2, endLine: 5, touched: true }, 'an insertion between two of its lines');
    assert.deepEqual(mapRange(hunks, 18, 24), { startLine: 19, endLine: 22, touched: true }, 'lines removed inside');
  });

  it('says nothing for a range whose lines were all removed', () => {
    assert.equal(mapRange(hunks, 20, 22), undefined);
    assert.equal(mapRange(hunks, 21, 21), undefined);
  });

  it('agrees with the in-process line diff', () => {
    const old = ['a', 'b', 'c', 'd', 'e', 'f'];
    const now = ['new', 'a', 'b', 'C', 'd', 'f'];
    assert.deepEqual(diffLines(old, now), [
      { oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 },
      { oldStart: 3, oldLines: 1, newStart: 4, newLines: 1 },
      { oldStart: 5, oldLines: 1, newStart: 5, newLines: 0 },
    ]);
    assert.deepEqual(mapRange(diffLines(old, now), 4, 4), { startLine: 5, endLine: 5, touched: false });
  });
});

// A small module the fuzzy and resolve tests edit.
const FN = ['function total(items) {', '  let sum = 0;', '  for (const item of items) sum += item.price * item.count;', '  return sum;', '}'];
const filler = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `const ${tag}${i} = compute${tag}(${i}, '${tag}');`);
const original = [...filler('head', 10), '', ...FN, '', ...filler('tail', 10)];
const anchorOn = (lines: readonly string[], start: number, end: number, over: Partial<AnchorInput> = {}): AnchorInput => ({
  id: 'ask',
  path: 'src/cart.js',
  startLine: start,
  endLine: end,
  snippet: lines.slice(start - 1, end).join('\n'),
  before: lines.slice(Math.max(0, start - 4), start - 1),
  after: lines.slice(end, end + 3),
  ...over,
});
const fnAnchor = anchorOn(original, 12, 16);

describe('core/anchors/fuzzy', () => {
  it('finds a moved function', () => {
    const moved = [...filler('tail', 10), '', ...FN, '', ...filler('head', 10)];
    assert.deepEqual(findSnippet(moved.join('\n'), fnAnchor), { startLine: 12, endLine: 16, similarity: 1 });
    const further = [...filler('other', 30), ...original];
    assert.deepEqual(findSnippet(further.join('\n'), fnAnchor), { startLine: 42, endLine: 46, similarity: 1 });
  });

  it('finds a function after a small edit, with less than full similarity', () => {
    const edited = [...original];
    edited[13] = '  for (const item of items) sum += item.price * item.quantity;';
    const found = findSnippet(edited.join('\n'), fnAnchor);
    assert.equal(found?.startLine, 12);
    assert.equal(found?.endLine, 16);
    assert.ok(found.similarity > 0.8 && found.similarity < 1, String(found.similarity));
  });

  it('gives no answer between two equal copies, nor for unrelated text', () => {
    const twice = [...filler('a', 5), ...FN, ...filler('b', 5), ...FN, ...filler('c', 5)];
    assert.equal(findSnippet(twice.join('\n'), { ...fnAnchor, before: [], after: [] }), undefined);
    assert.equal(findSnippet(filler('x', 40).join('\n'), fnAnchor), undefined);
    assert.equal(findSnippet('', fnAnchor), undefined);
  });

  it('lets the context tell two copies apart', () => {
    const withContext = [...filler('z', 5), ...FN, ...original];
    assert.deepEqual(findSnippet(withContext.join('\n'), fnAnchor), { startLine: 22, endLine: 26, similarity: 1 });
  });
});

describe('core/anchors/resolve', () => {
  const text = (lines: readonly string[]) => lines.join('\n') + '\n';

  it('is exact when nothing changed', () => {
    assert.deepEqual(resolveAnchor(fnAnchor, text(original)), { id: 'ask', status: 'exact', path: 'src/cart.js', startLine: 12, endLine: 16, confidence: 1 });
    assert.equal(resolveAnchor(fnAnchor, text(original), diffLines(original, original)).status, 'exact');
  });

  it('is moved when lines were added above, with or without the diff', () => {
    const now = ['// licence', '// more', ...original];
    for (const hunks of [diffLines(original, now), undefined]) {
      assert.deepEqual(resolveAnchor(fnAnchor, text(now), hunks), {
        id: 'ask',
        status: 'moved',
        path: 'src/cart.js',
        startLine: 14,
        endLine: 18,
        confidence: 1,
      });
    }
  });

  it('is changed when a line inside was edited, over the edited lines', () => {
    const now = [...original];
    now[12] = '  let sum = 0; // running total';
    now.splice(14, 0, '  if (sum < 0) throw new Error("negative");');
    const place = resolveAnchor(fnAnchor, text(now), diffLines(original, now));
    assert.equal(place.status, 'changed');
    assert.deepEqual([place.startLine, place.endLine], [12, 17]);
    assert.ok(place.confidence! > 0.6 && place.confidence! < 1);
  });

  it('is lost when the lines are gone, rather than placed on similar-looking code', () => {
    const now = original.filter((_, i) => i < 10 || i > 16);
    const place = resolveAnchor(fnAnchor, text(now), diffLines(original, now));
    assert.deepEqual(place, { id: 'ask', status: 'lost', path: 'src/cart.js' });
    assert.equal(resolveAnchor(fnAnchor, text(now)).status, 'lost');
  });

  it('is lost for a single line that now has two equal copies and no context to choose', () => {
    const line = anchorOn(original, 14, 14, { before: [], after: [] });
    const now = [...original.slice(0, 11), FN[2], ...original.slice(11)];
    assert.equal(resolveAnchor(line, text(now)).status, 'lost');
  });
});
