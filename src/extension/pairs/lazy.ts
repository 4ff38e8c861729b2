// The pair commands and prompts, bundled as dist/pairs.cjs and loaded on first use (load.ts;
// scripts/lib/lazyBundles.mjs): activation's bundle keeps only the pairs' state and tree rows.
export { pairWithPartner } from '../commands/pairWithPartner';
export { pairAction } from '../commands/pairCommands';
export { promptPairs } from './pairPrompts';
