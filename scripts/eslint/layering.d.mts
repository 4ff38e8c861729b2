import type { Linter } from 'eslint';

export declare const layeringRules: Linter.RulesRecord;
export declare const layeringConfig: Linter.Config[];
