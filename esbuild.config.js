// One build for the bundles Mutual Mentor ships:
//   dist/extension.cjs — the extension host side (CommonJS, Node; `vscode` is provided by the host):
//                        what activation loads
//   dist/lspClient.cjs, dist/github.cjs, dist/markdown.cjs — the language client, octokit and
//                        markdown-it, which extension.cjs loads on first use (`lazyBundles` below)
//   dist/server.cjs    — the language server (CommonJS, Node; runs in its own process)
//   dist/report.cjs    — the mentoring program report's command line (the package's bin; the GitHub Action runs it)
//   dist/webview/      — the Replies and Ledger pages (browser IIFEs) plus their CSS and the codicon font
// Usage: node esbuild.config.js [--production] [--watch] [--tests]
//   --production  minified, no source maps (what the VSIX ships)
//   --watch       rebuild on change
//   --tests       also bundle the integration tests into out/test/integration/ (run inside VS Code)
// The package is an ES module package; the Node bundles are CommonJS, hence their .cjs names.
import esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lazyBundles, lazyImports } from './scripts/lib/lazyBundles.mjs';

const require = createRequire(import.meta.url);
const __dirname = import.meta.dirname;

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');

/** Logs each (re)build's outcome in the format VS Code's esbuild problem matchers read. */
const reportPlugin = (name) => ({
  name: 'report',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log(`[watch] build started (${name})`);
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log(`[watch] build finished (${name})`);
    });
  },
});

/** Copies the webview pages' static assets (CSS, codicons) next to their bundles. */
const copyWebviewAssets = {
  name: 'copy-webview-assets',
  setup(build) {
    build.onEnd(() => {
      const outDir = path.join(__dirname, 'dist', 'webview');
      fs.mkdirSync(outDir, { recursive: true });
      const codicons = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
      fs.copyFileSync(path.join(codicons, 'codicon.css'), path.join(outDir, 'codicon.css'));
      fs.copyFileSync(path.join(codicons, 'codicon.ttf'), path.join(outDir, 'codicon.ttf'));
      fs.copyFileSync(path.join(__dirname, 'src', 'webview', 'replies.css'), path.join(outDir, 'replies.css'));
      fs.copyFileSync(path.join(__dirname, 'src', 'webview', 'ledger', 'ledger.css'), path.join(outDir, 'ledger.css'));
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'silent',
  legalComments: production ? 'none' : 'inline',
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // import() becomes require(): the extension host's loader provides `vscode` to required modules.
    supported: { 'dynamic-import': false },
    plugins: [reportPlugin('extension'), lazyImports(__dirname)],
  },
  ...lazyBundles.map(({ entry, outfile }) => ({
    ...common,
    entryPoints: [entry],
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [reportPlugin(path.basename(outfile))],
  })),
  {
    ...common,
    entryPoints: ['src/server/server.ts'],
    define: { SERVER_VERSION: JSON.stringify(require('./package.json').version) },
    outfile: 'dist/server.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [reportPlugin('server')],
  },
  {
    ...common,
    entryPoints: ['src/report/main.ts'],
    outfile: 'dist/report.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [reportPlugin('report')],
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    plugins: [reportPlugin('webview'), copyWebviewAssets],
  },
  {
    ...common,
    entryPoints: ['src/webview/ledger/main.ts'],
    outfile: 'dist/webview/ledger.js',
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    plugins: [reportPlugin('ledger webview')],
  },
];

if (withTests) {
  const testDir = path.join('test', 'integration');
  const entryPoints = fs
    .readdirSync(testDir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(testDir, f));
  targets.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints,
    outdir: 'out/test/integration',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Resolved at run time: `vscode` from the extension host, mocha from node_modules.
    external: ['vscode', 'mocha'],
    plugins: [reportPlugin('integration tests')],
  });
  // The two-workbench suite (test/integration/driver/pairRun.ts): its own entry and one file per side.
  const pairDir = path.join(testDir, 'pair');
  targets.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: ['index.ts', 'ada.test.ts', 'grace.test.ts'].map((f) => path.join(pairDir, f)),
    outdir: 'out/test/integration/pair',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    plugins: [reportPlugin('two-workbench tests')],
  });
}

async function main() {
  fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  if (withTests) fs.rmSync(path.join(__dirname, 'out', 'test', 'integration'), { recursive: true, force: true });
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild().catch((e) => e)));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.filter((r) => r instanceof Error || (r.errors && r.errors.length > 0));
  if (failed.length > 0) {
    console.error(`build failed (${failed.length} of ${targets.length} bundles)`);
    process.exit(1);
  }
  console.log(`built ${targets.length} bundles (${production ? 'production' : 'development'})`);
}

await main().catch((e) => {
  console.error(e);
  process.exit(1);
});
