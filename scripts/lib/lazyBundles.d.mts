import type { Plugin } from 'esbuild';

export interface LazyBundle {
  /** The source file whose `import()` of `specifier` loads the bundle (relative to the repository). */
  readonly importer: string;
  readonly specifier: string;
  readonly entry: string;
  readonly outfile: string;
}

export declare const lazyBundles: readonly LazyBundle[];
export declare const lazyImports: (root: string) => Plugin;
