import { strict as assert } from 'node:assert';
import path from 'node:path';
import esbuild from 'esbuild';
import { lazyBundles, lazyImports } from '../../../scripts/lib/lazyBundles.mjs';

const repo = path.resolve(import.meta.dirname, '../../..');
const ACTIVATION_BUDGET = 250 * 1024;
/** What only the lazy bundles may hold: the language client, octokit, markdown-it. */
const LAZY_PACKAGES = ['vscode-languageclient', 'vscode-jsonrpc', 'vscode-languageserver-protocol', '@octokit/', 'octokit/', 'markdown-it'];

async function bundle(entry: string, options: esbuild.BuildOptions = {}): Promise<{ inputs: string[]; text: string }> {
  const result = await esbuild.build({
    entryPoints: [path.join(repo, entry)],
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: repo,
    outfile: path.join(repo, 'out', 'bundles-test', 'x.js'),
    ...options,
  });
  return { inputs: Object.keys(result.metafile?.inputs ?? {}), text: result.outputFiles?.[0]?.text ?? '' };
}

// What activation loads (esbuild.config.js, scripts/lib/lazyBundles.mjs): the parts used later stay out of it.
describe('tooling/bundles', function () {
  this.timeout(60_000);

  it('dist/extension.cjs leaves the language client, octokit and markdown-it to the bundles it loads on first use, and fits the activation budget', async () => {
    const { inputs, text } = await bundle('src/extension/extension.ts', {
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      supported: { 'dynamic-import': false },
      plugins: [lazyImports(repo)],
    });
    assert.deepEqual(
      inputs.filter((i) => LAZY_PACKAGES.some((p) => i.includes(`node_modules/${p}`))),
      [],
    );
    for (const { outfile } of lazyBundles) assert.ok(text.includes(`require("./${path.basename(outfile)}")`), `extension.cjs requires ${outfile}`);
    assert.ok(Buffer.byteLength(text) <= ACTIVATION_BUDGET, `extension.cjs is ${Buffer.byteLength(text)} bytes, over ${ACTIVATION_BUDGET}`);
  });

  for (const page of ['src/webview/main.ts', 'src/webview/ledger/main.ts']) {
    it(`the web page ${page} holds no LSP library`, async () => {
      const { inputs } = await bundle(page, { platform: 'browser', format: 'iife' });
      assert.deepEqual(
        inputs.filter((i) => i.includes('node_modules/vscode-')),
        [],
      );
    });
  }
});
