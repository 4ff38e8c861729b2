// The layering rule (ARCHITECTURE.md §Layers): `vscode` may be imported only under src/extension/.
// Kept in its own module so a unit test can prove the rule fires (test/unit/tooling/layering.test.ts).
const message = 'Only src/extension/ may import `vscode`; core, shared, server, webview and tests on Node must not.';

export const layeringRules = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message }] }],
  'no-restricted-syntax': [
    'error',
    { selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']", message },
    { selector: "ImportExpression[source.value='vscode']", message },
  ],
};

/** Flat-config blocks that apply the rule to everything under src/ except src/extension/. */
export const layeringConfig = [
  {
    files: ['src/**/*.ts'],
    ignores: ['src/extension/**'],
    rules: layeringRules,
  },
  {
    files: ['test/unit/**/*.ts', 'test/support/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: layeringRules,
  },
];
