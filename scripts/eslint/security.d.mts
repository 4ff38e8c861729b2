import type { Linter } from 'eslint';

export declare const linearRegexpConfig: Linter.Config[];
export declare const openExternalConfig: Linter.Config[];
