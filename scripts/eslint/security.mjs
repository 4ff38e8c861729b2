// Lint rules for text that is hostile until parsed (SECURITY.md). Kept in their own module so a
// unit test can prove they fire (test/unit/tooling/securityLint.test.ts).
import regexp from 'eslint-plugin-regexp';

/** Every pattern runs in linear time: eslint-plugin-regexp's recommended set and its two ReDoS rules. */
export const linearRegexpConfig = [
  regexp.configs['flat/recommended'],
  {
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'certain' }],
      // Also patterns used only partly (`test`, `search`): they still scan from every position.
      'regexp/no-super-linear-move': ['error', { ignorePartial: false }],
    },
  },
];

/** One URL check for everything handed to the system's browser (src/extension/openExternal.ts). */
export const openExternalConfig = [
  {
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/openExternal.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='openExternal']",
          message: 'Open links with openWebUrl (src/extension/openExternal.ts), which refuses anything but http(s).',
        },
      ],
    },
  },
];
