import { strict as assert } from 'node:assert';
import path from 'node:path';
import { ESLint } from 'eslint';

const repo = path.resolve(import.meta.dirname, '../../..');

// Proves the layering rules fire: `vscode` may be imported only under src/extension/, and each layer imports only the
// layers it may depend on (scripts/eslint/layering.mjs).
describe('tooling/layering rule', function () {
  this.timeout(30_000); // the first lint loads ESLint and the parser
  async function lint(filePath: string, code: string): Promise<string[]> {
    const { layeringConfig } = (await import('../../../scripts/eslint/layering.mjs')) as { layeringConfig: object[] };
    const eslint = new ESLint({
      cwd: repo,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: (await import('typescript-eslint')).parser } },
        ...layeringConfig,
      ] as ESLint.Options['overrideConfig'],
    });
    const [result] = await eslint.lintText(code, { filePath: path.join(repo, filePath) });
    return (result?.messages ?? []).map((m) => m.message);
  }

  for (const layer of ['core', 'shared', 'server', 'webview']) {
    it(`rejects vscode imported in src/${layer}`, async () => {
      const messages = await lint(`src/${layer}/x.ts`, "import * as vscode from 'vscode';\nexport const v = vscode;\n");
      assert.equal(messages.length, 1);
      assert.match(messages[0] ?? '', /Only src\/extension\/ may import `vscode`/);
    });
  }

  it('rejects require and dynamic import of vscode outside src/extension', async () => {
    const messages = await lint('src/core/y.ts', "export const a = require('vscode');\nexport const b = import('vscode');\n");
    assert.equal(messages.length, 2);
  });

  it('allows vscode in src/extension', async () => {
    assert.deepEqual(await lint('src/extension/z.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"), []);
  });

  // Every direction the layers forbid, from a file one folder down so the relative path has to be resolved.
  const forbidden: Record<string, string[]> = {
    shared: ['core', 'extension', 'server', 'webview'],
    core: ['extension', 'server', 'webview'],
    webview: ['core', 'extension', 'server'],
    server: ['extension', 'webview'],
    extension: ['server', 'webview'],
  };
  for (const [from, targets] of Object.entries(forbidden)) {
    for (const to of targets) {
      it(`rejects src/${from} importing src/${to}`, async () => {
        const messages = await lint(`src/${from}/sub/x.ts`, `import { a } from '../../${to}/a';\nexport const b = a;\n`);
        assert.equal(messages.length, 1, messages.join('\n'));
        assert.match(messages[0] ?? '', new RegExp(`^src/${from} may import only from .*'\\.\\./\\.\\./${to}/a' is in src/${to}\\.$`));
      });
    }
  }

  it('catches every form of import: type-only, re-export, dynamic, require, import type', async () => {
    const code = [
      "import type { A } from '../core/a';",
      "export { b } from '../core/b';",
      "export * from '../core/c';",
      "export const d = import('../core/d');",
      "export const e = require('../core/e');",
      "export type F = import('../core/f').F;",
      'export type G = A;',
    ].join('\n');
    const messages = await lint('src/shared/x.ts', code);
    assert.equal(messages.length, 6, messages.join('\n'));
  });

  it('rejects an import that leaves src/', async () => {
    const messages = await lint('src/core/x.ts', "import { a } from '../../test/support/a';\nexport const b = a;\n");
    assert.match(messages.join('\n'), /outside src\//);
  });

  it('allows each layer its own files and the layers below it', async () => {
    const allowed: Record<string, string[]> = {
      shared: ['shared'],
      core: ['core', 'shared'],
      webview: ['webview', 'shared'],
      server: ['server', 'core', 'shared'],
      extension: ['extension', 'core', 'shared'],
    };
    for (const [from, targets] of Object.entries(allowed)) {
      const code = targets.map((to, i) => `import { a${i} } from '../../${to}/a';\nexport const b${i} = a${i};\n`).join('');
      assert.deepEqual(await lint(`src/${from}/sub/x.ts`, code), [], from);
      assert.deepEqual(await lint(`src/${from}/x.ts`, "import { a } from './a';\nexport const b = a;\n"), [], from);
    }
  });

  it('keeps Node built-ins out of the layers bundled for the browser (shared, webview), not out of core', async () => {
    const code = "import path from 'node:path';\nimport { readFile } from 'fs/promises';\nexport const p = [path, readFile];\n";
    assert.equal((await lint('src/shared/x.ts', code)).length, 2);
    assert.equal((await lint('src/webview/x.ts', code)).length, 2);
    assert.deepEqual(await lint('src/core/x.ts', code), []);
    assert.deepEqual(await lint('src/webview/x.ts', "import DOMPurify from 'dompurify';\nexport const d = DOMPurify;\n"), []);
  });
});
