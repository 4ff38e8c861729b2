// What ask placement (src/extension/lsp/askPlacement.ts) loads on its first resolution rather than at
// activation: the resolver with its git diffs, cross-file search and structure rules. Bundled as
// dist/anchors.cjs (scripts/lib/lazyBundles.mjs).
export { AnchorResolver } from './batch';
export { resolveAnchor } from './resolve';
