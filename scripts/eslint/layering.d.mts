import type { ESLint, Linter } from 'eslint';

export declare const layeringRules: Linter.RulesRecord;
export declare const layerDependencies: Readonly<Record<'shared' | 'core' | 'webview' | 'server' | 'extension', readonly string[]>>;
export declare const layeringPlugin: ESLint.Plugin;
export declare const layeringConfig: Linter.Config[];
