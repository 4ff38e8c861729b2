import { strict as assert } from 'node:assert';
import { findTag, parseSentTags, parseTags, sentTagText } from '../../../src/core/tags/parse';
import { globMatcher } from '../../../src/core/tags/glob';

/** [language, source, expected question (with login)]: one line per comment syntax. */
const syntaxes: [string, string, string, 'known language only'?][] = [
  ['typescript', 'lock(); // ASK(@alice): why does this deadlock?', '@alice why does this deadlock?'],
  ['python', 'x = 1  # ASK: is this pythonic?', 'is this pythonic?'],
  ['sql', 'SELECT 1; -- ask(@bob): why a full scan?', '@bob why a full scan?'],
  ['clojure', '(def x 1) ; ASK: atom or ref?', 'atom or ref?'],
  ['latex', '\\section{A} % ASK: which class?', 'which class?'],
  ['c', 'int x; /* ASK(@carol): volatile here? */', '@carol volatile here?'],
  ['html', '<div><!-- ASK: is this accessible? --></div>', 'is this accessible?'],
  ['python', 'def f():\n    """ASK: should this be a generator?"""', 'should this be a generator?'],
  ['python', "def f():\n    '''\n    ASK(@dan): why not a dict?\n    '''", '@dan why not a dict?'],
  ['ocaml', 'let x = 1 (* ASK: why not a ref? *)', 'why not a ref?'],
  ['haskell', 'f = id {- ASK: point-free here? -}', 'point-free here?'],
  ['lua', 'local t = {} -- ASK: metatable?', 'metatable?'],
  ['java', '/**\n * Locks.\n * ASK(@eve): fair lock?\n */', '@eve fair lock?'],
  ['rust', "fn f<'a>(x: &'a str) {} // ASK: isn't the lifetime redundant?", "isn't the lifetime redundant?"],
  ['shellscript', 'echo hi # ASK: set -e?', 'set -e?'],
  ['bat', 'REM ASK: why delayed expansion?', 'why delayed expansion?'],
  // Unknown languages take `!` only at a line's start: `a ? !ask : b` is code.
  ['fortran', 'x = 1 ! ASK: implicit none?', 'implicit none?', 'known language only'],
  ['powershell', '<# ASK: why -Force? #>', 'why -Force?'],
  ['vue', '<template><!-- ASK: v-if or v-show? --></template>', 'v-if or v-show?'],
  ['yaml', 'retries: 3 # ASK(@frank): why three?', '@frank why three?'],
];

const described = (text: string, language?: string) =>
  parseTags(text, language ? { language } : {}).map((t) => `${t.login ? `@${t.login} ` : ''}${t.question}`);

describe('core/tags/parse', () => {
  for (const [language, source, expected, only] of syntaxes) {
    it(`finds a tag in ${language}: ${source.split('\n').pop() ?? ''}`, () => {
      assert.deepEqual(described(source, language), [expected]);
      if (!only) assert.deepEqual(described(source), [expected], 'also with no language known (every syntax)');
    });
  }

  it('gives the range of the tag, keyword to the end of the question, without the closer', () => {
    assert.deepEqual(parseTags('  f(); // ASK(@alice): why?', { language: 'ts' }), [
      { line: 0, startCharacter: 10, endCharacter: 27, login: 'alice', question: 'why?' },
    ]);
    const [block] = parseTags('a\n/* ASK: why? */ b', { language: 'c' });
    assert.deepEqual(block, { line: 1, startCharacter: 3, endCharacter: 12, question: 'why?' });
  });

  it('ignores words that only contain ASK, tags inside strings, and tags not at the start of a comment', () => {
    const source = [
      '// TASK: write the docs',
      '// MASK: 0xff',
      '// Unmask: no',
      'const s = "// ASK: inside a string";',
      "const t = '# ASK: also a string';",
      'const u = `/* ASK: a template */`;',
      '// TODO ASK: not at the start',
      '// ASK:',
      'const ASK = 1; // asking: no',
      'ask: not a comment',
      'const y = a ? !ask : b;',
    ].join('\n');
    assert.deepEqual(described(source, 'typescript'), []);
    assert.deepEqual(described('x = "# ASK: string"', 'python'), []);
  });

  it('rejects a login GitHub would not accept', () => {
    assert.deepEqual(described('// ASK(@bad--login): why?', 'ts'), []);
    assert.deepEqual(described('// ASK(@-x): why?', 'ts'), []);
    assert.deepEqual(described('// ASK(grace): no @ is fine', 'ts'), ['@grace no @ is fine']);
  });

  it('recognises the sent form and leaves it out of unsent tags', () => {
    const source = '// ASKED(@alice): why does this deadlock? → https://github.com/o/r/pull/3#discussion_r9\n# ASK -> https://github.com/o/r/issues/4';
    assert.deepEqual(parseTags(source), []);
    assert.deepEqual(
      parseSentTags(source).map((t) => [t.login, t.question, t.url]),
      [
        ['alice', 'why does this deadlock?', 'https://github.com/o/r/pull/3#discussion_r9'],
        [undefined, '', 'https://github.com/o/r/issues/4'],
      ],
    );
  });

  it('rewrites a tag to a sent form that parses back to the same ask', () => {
    const [tag] = parseTags('// ASK: why a mutex?', { language: 'ts' });
    assert.ok(tag);
    const text = sentTagText(tag, 'https://github.com/o/r/issues/5', 'grace');
    assert.equal(text, 'ASKED(@grace): why a mutex? → https://github.com/o/r/issues/5');
    const line = `// ${text}`;
    assert.deepEqual(parseTags(line, { language: 'ts' }), []);
    assert.deepEqual(
      parseSentTags(line, { language: 'ts' }).map((t) => [t.login, t.question, t.url]),
      [['grace', 'why a mutex?', 'https://github.com/o/r/issues/5']],
    );
  });

  it('tracks block comments and docstrings across lines, and stops at their end', () => {
    const source = ['"""', 'ASK: inside the docstring?', '"""', 'ask: after it, a dict key'].join('\n');
    assert.deepEqual(described(source, 'python'), ['inside the docstring?']);
  });

  it('handles CRLF line ends', () => {
    assert.deepEqual(
      parseTags('a\r\n// ASK: windows?\r\n', { language: 'ts' }).map((t) => [t.line, t.question]),
      [[1, 'windows?']],
    );
  });

  it('finds a tag again after edits: same question and login, the nearest line; none when it was edited away', () => {
    const before = parseTags('// ASK(@grace): why a loop?\n', { language: 'ts' })[0];
    const after = parseTags('// ASK(@grace): why a loop?\nx\nx\n// ASK: why a loop?\n// ASK(@grace): why a loop?\n', { language: 'ts' });
    assert.equal(findTag(after, before)?.line, 0, 'the nearest of two with the same login');
    assert.equal(findTag(after, { ...before, line: 4 })?.line, 4);
    assert.equal(findTag(after, { ...before, login: undefined })?.line, 3, 'no login matches only a tag without one');
    assert.equal(findTag(after, { ...before, question: 'why a loop' }), undefined);
  });
});

describe('core/tags/glob', () => {
  it('matches names at any depth without a slash, paths with one', () => {
    const m = globMatcher(['*.min.js', '**/vendor/**', 'build', 'docs/{a,b}/*.md']);
    assert.ok(m('web/app.min.js'));
    assert.ok(m('x/vendor/lib/y.ts'));
    assert.ok(m('build'));
    assert.ok(m('src/build'));
    assert.ok(m('docs/a/readme.md'));
    assert.ok(!m('docs/c/readme.md'));
    assert.ok(!m('src/app.js'));
    assert.ok(!globMatcher([])('anything'));
  });
});
