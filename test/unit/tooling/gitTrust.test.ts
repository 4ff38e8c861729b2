// No git in an untrusted workspace (SECURITY.md): a repository's own config can name programs git
// runs (diff.external, textconv, fsmonitor). Every file in src/extension that reaches the git runner
// (src/core/git/run.ts) through the core modules it calls must check workspace trust.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const RUNNER = path.join(root, 'src/core/git/run.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The .ts files a file imports with a relative path, statically or with `import()` (a module loaded on first
 * use runs git all the same); type-only imports are excluded: they run nothing.
 */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^import (?!type )[^'"]*'(\.[^']+)';/.exec(line) ?? /^export [^'"]* from '(\.[^']+)';/.exec(line) ?? /\bimport\('(\.[^']+)'\)/.exec(line);
    if (m?.[1]) found.push(`${path.resolve(path.dirname(file), m[1])}.ts`);
  }
  return found;
}

describe('tooling: git only in a trusted workspace', () => {
  const all = sources(path.join(root, 'src'));
  const memo = new Map<string, boolean>();
  const reachesGit = (file: string, seen = new Set<string>()): boolean => {
    if (file === RUNNER) return true;
    const known = memo.get(file);
    if (known !== undefined) return known;
    if (seen.has(file)) return false;
    seen.add(file);
    const result = imports(file).some((f) => reachesGit(f, seen));
    memo.set(file, result);
    return result;
  };

  const core = `${path.sep}src${path.sep}core${path.sep}`;
  /** Extension files that call core code which can run git. */
  const callsGit = (f: string) => f.includes(`${path.sep}extension${path.sep}`) && imports(f).some((i) => i.includes(core) && reachesGit(i));

  it('finds the extension files that can run git (the check can see them)', () => {
    const runners = all.filter(callsGit).map((f) => path.relative(root, f));
    for (const expected of ['src/extension/lsp/askPlacement.ts', 'src/extension/account.ts', 'src/extension/asks/askController.ts'])
      assert.ok(runners.includes(expected), `${expected} in ${runners.join(', ')}`);
  });

  it('each of them checks vscode.workspace.isTrusted', () => {
    const unchecked = all
      .filter(callsGit)
      .filter((f) => !readFileSync(f, 'utf8').includes('workspace.isTrusted'))
      .map((f) => path.relative(root, f));
    assert.deepEqual(unchecked, []);
  });
});
