import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The repository's own ARCHITECTURE.md and CONTRIBUTING.md are what the code cites: every citation
// of a section (the file's name, a space, the section sign and a heading) names a heading that
// exists, and nothing cites the design notes outside the repository they grew from.
const repo = path.resolve(import.meta.dirname, '../../..');
const docs = ['ARCHITECTURE.md', 'CONTRIBUTING.md'] as const;
const roots = ['src', 'test', 'scripts', 'bench'];
const sourceFile = /\.(?:ts|mts|cts|js|mjs|cjs|css)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(repo, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (rel !== path.join('test', 'fixtures')) out.push(...filesUnder(rel));
    } else if (sourceFile.test(entry.name)) out.push(rel);
  }
  return out;
}

/** The headings of a markdown file (any level), as written after the #s. */
function headings(doc: string): string[] {
  return readFileSync(path.join(repo, doc), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.slice(line.indexOf(' ') + 1).trim());
}

interface Citation {
  readonly file: string;
  readonly line: number;
  readonly doc: string;
  /** The text after the § to the end of the line. */
  readonly rest: string;
}

function citations(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const doc of docs) {
      const needle = `${doc} §`;
      for (let at = lineText.indexOf(needle); at >= 0; at = lineText.indexOf(needle, at + 1)) {
        found.push({ file, line: index + 1, doc, rest: lineText.slice(at + needle.length) });
      }
    }
  });
  return found;
}

/** A citation names a heading when its text starts with the heading, ending there (not mid-word). */
function namesHeading(rest: string, names: readonly string[]): boolean {
  return names.some((h) => rest.startsWith(h) && !/^[\p{L}\p{N}]/u.test(rest.slice(h.length)));
}

describe('tooling/docs cross-references', () => {
  const files = roots.flatMap(filesUnder);
  const texts = new Map(files.map((f) => [f, readFileSync(path.join(repo, f), 'utf8')]));

  it('finds the source files and the cited headings', () => {
    assert.ok(files.includes(path.join('src', 'core', 'model.ts')));
    assert.ok(headings('ARCHITECTURE.md').includes('Layers'));
    assert.ok(headings('CONTRIBUTING.md').includes('Integration tests'));
  });

  it('cites only sections that exist in ARCHITECTURE.md and CONTRIBUTING.md', () => {
    const names = Object.fromEntries(docs.map((d) => [d, headings(d)]));
    const all = [...texts].flatMap(([file, text]) => citations(file, text));
    assert.ok(
      all.some((c) => c.file.startsWith('src')),
      'src/ cites ARCHITECTURE.md sections',
    );
    const broken = all.filter((c) => !namesHeading(c.rest, names[c.doc] ?? []));
    assert.deepEqual(
      broken.map((c) => `${c.file}:${c.line}: ${c.doc} §${c.rest.slice(0, 40)}`),
      [],
    );
  });

  it('tells a real heading from a misspelt or cut one', () => {
    const names = ['Where an ask goes', 'Layers'];
    assert.ok(namesHeading('Where an ask goes), decided by', names));
    assert.ok(namesHeading('Layers: `vscode` only', names));
    assert.ok(!namesHeading('Where an ask go), decided', names));
    assert.ok(!namesHeading('Layersome', names));
  });

  it('cites no design notes outside the repository', () => {
    // The seed notes (ARCHITECTURE, TESTING, STYLE) lived in a design folder beside the clone; the
    // repository's own files replace them. Needles built from parts so this file does not match itself.
    const needles = [['shared', 'design'].join('/'), ['TESTING', 'md'].join('.'), ['STYLE', 'md'].join('.')];
    const offending = [...texts].flatMap(([file, text]) => needles.filter((n) => text.includes(n)).map((n) => `${file}: ${n}`));
    assert.deepEqual(offending, []);
  });
});
