// The bundles dist/extension.cjs loads on first use instead of at activation (esbuild.config.js
// builds them; test/unit/tooling/bundles.test.ts proves activation's bundle leaves them out).
import path from 'node:path';

/**
 * Parts extension.cjs loads on first use, each a bundle of its own beside it: an `import()` of the
 * source file from the named importer becomes a require of that bundle. Code a lazy bundle shares
 * with extension.cjs is in both (small: errors, tag parsing); they share no state, and errors are
 * recognised by shape, never by class (src/core/github/problem.ts).
 */
export const lazyBundles = [
  // The language client (vscode-languageclient, jsonrpc, the protocol): when the server first starts.
  { importer: 'src/extension/lsp/languageClient.ts', specifier: './clientSession', entry: 'src/extension/lsp/clientSession.ts', outfile: 'dist/lspClient.cjs' },
  // octokit: when a token is first checked (sign-in runs after activation has returned).
  { importer: 'src/extension/account.ts', specifier: '../core/github/client', entry: 'src/core/github/client.ts', outfile: 'dist/github.cjs' },
  // The pair commands and prompts (ARCHITECTURE.md §Pairs): on the first pair command or read of the pairs.
  { importer: 'src/extension/pairs/load.ts', specifier: './lazy', entry: 'src/extension/pairs/lazy.ts', outfile: 'dist/pairs.cjs' },
  // Anchor resolution (git diffs, cross-file search, structure rules): on the first placement of asks.
  { importer: 'src/extension/lsp/askPlacement.ts', specifier: '../../core/anchors/lazy', entry: 'src/core/anchors/lazy.ts', outfile: 'dist/anchors.cjs' },
  // markdown-it, for an ask's question in the Replies panel: once the store is open.
  {
    importer: 'src/extension/asks/questionRenderer.ts',
    specifier: '../../core/threads/questionHtml',
    entry: 'src/core/threads/questionHtml.ts',
    outfile: 'dist/markdown.cjs',
  },
];

/** The esbuild plugin for extension.cjs that turns those imports into requires of the lazy bundles. */
export const lazyImports = (root) => ({
  name: 'lazy-imports',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      // Only import(): a static import of the same file is bundled, so the size check notices it.
      if (args.kind !== 'dynamic-import') return undefined;
      const lazy = lazyBundles.find((l) => l.specifier === args.path && args.importer === path.join(root, l.importer));
      return lazy ? { path: `./${path.basename(lazy.outfile)}`, external: true } : undefined;
    });
  },
});
