import { strict as assert } from 'node:assert';
import { ESLint } from 'eslint';

// Proves the layering rule fires: `vscode` may be imported only under src/extension/.
describe('tooling/layering rule', () => {
  async function lint(filePath: string, code: string): Promise<string[]> {
    const { layeringConfig } = (await import('../../../scripts/eslint/layering.mjs')) as { layeringConfig: object[] };
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: (await import('typescript-eslint')).parser } },
        ...layeringConfig,
      ] as ESLint.Options['overrideConfig'],
    });
    const [result] = await eslint.lintText(code, { filePath });
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
});
