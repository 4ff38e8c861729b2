// Every parser of text from GitHub or the workspace runs in linear time (issue 11, SECURITY.md):
// the shapes that froze the extension host and the language server, and shapes fast-check builds
// from each parser's own syntax, timed at n and 4n characters in the same run (test/support/linearity.ts).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { scanMarkers, stripMarkers } from '../../../src/core/marker';
import { lessonsIn } from '../../../src/core/ledger/lessons';
import { scanTags, mayHaveTags } from '../../../src/core/tags/parse';
import { globMatcher } from '../../../src/core/tags/glob';
import { extractSuggestions } from '../../../src/core/sync/replies';
import { nextLink } from '../../../src/core/sync/notifications';
import { withoutDocLinks } from '../../../src/core/errors';
import { scanPairMarkers } from '../../../src/core/pairs/markers';
import { topicsFromText } from '../../../src/core/pairs/topics';
import { assertLinear, grow } from '../../support/linearity';

const SPACES = ' '.repeat(4);
const lessonComment = (body: string) => ({ body, author: 'ada', url: 'https://github.com/o/r/issues/1#c', createdAt: '2026-01-01T00:00:00Z', nodeId: 'C_1' });
const markerParsers: [string, (s: string) => unknown][] = [
  ['scanMarkers', scanMarkers],
  ['stripMarkers', stripMarkers],
  ['lessonsIn', (s) => lessonsIn(lessonComment(s))],
  ['scanPairMarkers', scanPairMarkers],
  ['topicsFromText', topicsFromText],
];
const tagParsers: [string, (s: string) => unknown][] = [
  ['scanTags (typescript)', (s) => scanTags(s, { language: 'typescript' })],
  ['scanTags (every syntax)', (s) => scanTags(s)],
  ['mayHaveTags', mayHaveTags],
];

/** Random repeating units built from a parser's own tokens: the raw material of slow inputs. */
const units = (tokens: readonly string[]) => fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
/** Enough generated shapes to find a slow one, few enough to keep the suite quick. */
const RUNS = { numRuns: 12, seed: 20261203 };

describe('core: linear time on hostile text', function () {
  this.timeout(120_000);

  describe('markers', () => {
    const shapes: [string, (n: number) => string][] = [
      ['an opener followed by a run of spaces (the reported freeze)', (n) => grow(' ', n, '<!-- mutual-mentor ')],
      ['openers repeated without a closer', (n) => grow('<!-- mutual-mentor ', n)],
      ['comment openers repeated', (n) => grow('<!--', n)],
      ['a marker whose payload is all whitespace', (n) => grow(SPACES, n, '<!-- mutual-mentor {', '-->')],
      ['openers with spaces and closers in between', (n) => grow('<!-- mutual-mentor \t\n-- ->', n)],
    ];
    for (const [label, shape] of shapes) {
      for (const [name, parse] of markerParsers) {
        it(`${name}: ${label}`, () => {
          assertLinear(parse, shape, `${name}: ${label}`);
        });
      }
    }

    it('fast-check: repeated units of marker syntax stay linear in every marker parser', () => {
      fc.assert(
        fc.property(units(['<!--', '-->', ' ', '\t', '\n', 'mutual-mentor', '-', '{"v":1}', '<', '!', '"']), (unit) => {
          for (const [name, parse] of markerParsers) assertLinear(parse, (n) => grow(unit, n), `${name} on ${JSON.stringify(unit)}`);
        }),
        RUNS,
      );
    });

    it('reads a 60,000-character hostile body correctly: no marker, the text kept', () => {
      const body = grow(' ', 60_000, '<!-- mutual-mentor ');
      assert.deepEqual(scanMarkers(body).markers, []);
      assert.equal(stripMarkers(body), '<!-- mutual-mentor');
    });
  });

  describe('ASK tags', () => {
    const shapes: [string, (n: number) => string][] = [
      // One line per 3,000 characters: the per-line bound (MAX_TAG_LINE) does not hide the cost.
      ['a sent tag with a run of spaces before the end (the reported hang)', (n) => grow(`// ASK -> q${' '.repeat(3_000)}x\n`, n)],
      ['an arrow between runs of spaces', (n) => grow(`// ASKED: q${' '.repeat(1_500)}→${' '.repeat(1_500)}http\n`, n)],
      ['a starry block line ending in spaces and stars', (n) => grow(`/* ASK: q${' *'.repeat(1_500)}x\n`, n)],
      ['closers after a long run of spaces', (n) => grow(`# ASK: q${' '.repeat(2_900)}*/ x\n`, n)],
      ['one line far beyond the per-line bound', (n) => grow(' ', n, '// ASK -> q', 'x')],
      ['decoration before a keyword that never comes', (n) => grow(`//${'*#/!;'.repeat(600)}\n`, n)],
      ['ask keywords without a separator', (n) => grow('ask ', n, '// ')],
    ];
    for (const [label, shape] of shapes) {
      for (const [name, parse] of tagParsers) {
        it(`${name}: ${label}`, () => {
          assertLinear(parse, shape, `${name}: ${label}`);
        });
      }
    }

    it('fast-check: repeated units of comment and tag syntax stay linear', () => {
      const tokens = ['//', '/*', '*/', '#', ' ', '\t', '\n', 'ASK', 'ASKED', '(@a)', ':', '->', '→', 'https://x', '"', "'", '*', '<!--', '-->', '"""'];
      fc.assert(
        fc.property(units(tokens), (unit) => {
          for (const [name, parse] of tagParsers) assertLinear(parse, (n) => grow(unit, n), `${name} on ${JSON.stringify(unit)}`);
        }),
        RUNS,
      );
    });

    it('reads a 60,000-character hostile tag line correctly: no tag, and the line after it still counts', () => {
      const text = `${grow(' ', 60_000, '// ASK -> q', 'x')}\n// ASK: is this still found?\n`;
      const tags = scanTags(text, { language: 'typescript' });
      assert.equal(tags.length, 1);
      assert.equal(tags[0]?.line, 1);
      assert.equal(tags[0]?.question, 'is this still found?');
    });
  });

  describe('suggestions', () => {
    const shapes: [string, (n: number) => string][] = [
      ['suggestion openers never closed', (n) => grow('```suggestion\n', n)],
      ['openers with closers of another length', (n) => grow('```suggestion\n````\n', n)],
      ['one opener and many lines of fences', (n) => grow('~~~~\n', n, '~~~suggestion\n')],
      ['spaces before a fence', (n) => grow(' ', n, '```suggestion\n', '```x')],
    ];
    for (const [label, shape] of shapes)
      it(`extractSuggestions: ${label}`, () => {
        assertLinear(extractSuggestions, shape, label);
      });

    it('fast-check: repeated units of fence syntax stay linear', () => {
      fc.assert(
        fc.property(units(['```', '~~~', '`', ' ', '\t', '\n', 'suggestion', '\r\n', 'x']), (unit) => {
          assertLinear(extractSuggestions, (n) => grow(unit, n), `extractSuggestions on ${JSON.stringify(unit)}`);
        }),
        RUNS,
      );
    });
  });

  describe('settings and headers', () => {
    it('an exclude glob from a repository’s settings costs time linear in the path, however many stars it has', () => {
      const hostile = globMatcher(['*a*a*a*a*a*a*a*a*a*a*a*a*b', '**a**a**a**a**a**b', '{a,{a,{a,{a,b}}}}*a*a*a*b']);
      assertLinear(hostile, (n) => grow('a', n), 'globMatcher');
      assertLinear(hostile, (n) => grow('a/', n), 'globMatcher with folders');
    });

    it('a Link header and an error message from GitHub are read in linear time', () => {
      assertLinear(nextLink, (n) => grow('<', n), 'nextLink on <<<');
      assertLinear(nextLink, (n) => grow('<a>; rel="prev", ', n), 'nextLink on many parts');
      assertLinear(withoutDocLinks, (n) => grow(' - ', n, 'x', 'https://'), 'withoutDocLinks');
    });
  });
});
