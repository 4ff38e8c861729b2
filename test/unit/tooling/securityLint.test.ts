import { strict as assert } from 'node:assert';
import { ESLint } from 'eslint';

// Proves the security lint rules fire (scripts/eslint/security.mjs, SECURITY.md): a pattern that
// backtracks on hostile text, and a link opened without the one URL check.
describe('tooling/security lint rules', function () {
  this.timeout(60_000); // the first lint loads ESLint and the plugins
  async function lint(filePath: string, code: string): Promise<string[]> {
    const { linearRegexpConfig, openExternalConfig } = (await import('../../../scripts/eslint/security.mjs')) as {
      linearRegexpConfig: object[];
      openExternalConfig: object[];
    };
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: (await import('typescript-eslint')).parser } },
        ...linearRegexpConfig,
        ...openExternalConfig,
      ] as ESLint.Options['overrideConfig'],
    });
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  }

  it('rejects the marker pattern that froze the extension host (issue 11)', async () => {
    const messages = await lint('src/core/m.ts', 'export const P = /<!--\\s*mutual-mentor\\s+([\\s\\S]*?)\\s*-->/g;\n');
    assert.ok(
      messages.some((m) => m.startsWith('regexp/no-super-linear-backtracking')),
      messages.join('\n'),
    );
  });

  it('rejects the tag URL pattern that hung the language server (issue 11)', async () => {
    const messages = await lint('src/core/t.ts', 'export const U = (s: string) => /[ \\t]*(?:→|->)?[ \\t]*(https?:\\/\\/\\S+)$/.exec(s);\n');
    assert.ok(
      messages.some((m) => m.startsWith('regexp/no-super-linear')),
      messages.join('\n'),
    );
  });

  it('rejects a trailing-run trim on untrusted text, even when only tested', async () => {
    const messages = await lint('src/core/s.ts', "export const f = (s: string) => s.replace(/\\s+$/, '');\n");
    assert.ok(
      messages.some((m) => m.startsWith('regexp/no-super-linear-move')),
      messages.join('\n'),
    );
  });

  it('accepts a linear pattern', async () => {
    assert.deepEqual(await lint('src/core/ok.ts', 'export const ID = /^[0-9a-f]{8}-[0-9a-f]{4}$/i;\n'), []);
  });

  it('rejects openExternal outside the one URL check, and allows it there', async () => {
    const code = "declare const vscode: { env: { openExternal(u: unknown): void } };\nvscode.env.openExternal('command:x');\n";
    const outside = await lint('src/extension/views/x.ts', code);
    assert.equal(outside.length, 1);
    assert.match(outside[0] ?? '', /openWebUrl/);
    assert.deepEqual(await lint('src/extension/openExternal.ts', code), []);
  });
});
