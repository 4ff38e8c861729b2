// Every setting Mutual Mentor contributes (package.json `contributes.configuration`): its key, its default, and
// whether it is read with a resource. Plain data without `vscode`, so a unit test holds it to the manifest
// (test/unit/tooling/settings.test.ts); src/extension/settings.ts reads the settings.
import { DEFAULT_LABEL } from '../core/model';

export interface SettingSpec<T> {
  readonly key: string;
  readonly default: T;
  /** `scope: "resource"` in the manifest: read with the file or folder it applies to. */
  readonly perResource: boolean;
}

function spec<T>(key: `mutualMentor.${string}`, fallback: T, scope: 'resource' | 'other' = 'other'): SettingSpec<T> {
  return { key, default: fallback, perResource: scope === 'resource' };
}

export const Setting = {
  apiUrl: spec('mutualMentor.github.apiUrl', ''),
  /** Parsed by src/core/partners.ts. */
  partners: spec<readonly unknown[]>('mutualMentor.partners', []),
  exchangeRepository: spec('mutualMentor.exchangeRepository', '', 'resource'),
  label: spec('mutualMentor.label', DEFAULT_LABEL),
  notifyReplies: spec('mutualMentor.notifications.replies', true),
  ledgerWindowDays: spec('mutualMentor.ledger.windowDays', 60),
  ledgerMinEvents: spec('mutualMentor.ledger.minEvents', 4),
  ledgerOneSidedShare: spec('mutualMentor.ledger.oneSidedShare', 0.75),
  driftNotifications: spec('mutualMentor.ledger.driftNotifications', true),
  languageServerDiagnostics: spec('mutualMentor.languageServer.diagnostics', true),
  tagsExclude: spec<readonly string[]>('mutualMentor.tags.exclude', []),
} as const;

/** VS Code's own setting for the GitHub Enterprise Server its `github-enterprise` sign-in serves. */
export const GITHUB_ENTERPRISE_URI = 'github-enterprise.uri';
