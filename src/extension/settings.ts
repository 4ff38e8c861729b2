// Mutual Mentor's settings, read in one place: one typed reader per setting (keys and defaults in
// settingKeys.ts), each read with the scope the manifest gives it, and a value of the wrong type read as the default.
import * as vscode from 'vscode';
import { GITHUB_ENTERPRISE_URI, Setting, type SettingSpec } from './settingKeys';

const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function read<T>(spec: SettingSpec<T>, valid: (value: unknown) => value is T, resource?: vscode.Uri): T {
  const value = vscode.workspace.getConfiguration(undefined, resource ?? null).get<unknown>(spec.key);
  return valid(value) ? value : spec.default;
}

export const settings = {
  /** The GitHub API URL when set (trimmed); '' otherwise. */
  apiUrl: (): string => read(Setting.apiUrl, isString).trim(),
  /** VS Code's `github-enterprise.uri`, when set. */
  githubEnterpriseUri: (): string | undefined => {
    const value = vscode.workspace.getConfiguration().get<unknown>(GITHUB_ENTERPRISE_URI);
    return isString(value) ? value : undefined;
  },
  /** The partners as written: src/core/partners.ts parses them and names the problems. */
  partners: (): unknown => vscode.workspace.getConfiguration().get<unknown>(Setting.partners.key) ?? Setting.partners.default,
  /** `owner/name` of the repository for asks outside a pull request, for the folder of `resource`; '' when unset. */
  exchangeRepository: (resource?: vscode.Uri): string => read(Setting.exchangeRepository, isString, resource).trim(),
  /** The label exchanges carry on GitHub. */
  exchangeLabel: (): string => read(Setting.label, isString).trim() || Setting.label.default,
  notifyReplies: (): boolean => read(Setting.notifyReplies, isBoolean),
  ledgerWindowDays: (): number => read(Setting.ledgerWindowDays, isNumber),
  ledgerMinEvents: (): number => read(Setting.ledgerMinEvents, isNumber),
  ledgerOneSidedShare: (): number => read(Setting.ledgerOneSidedShare, isNumber),
  driftNotifications: (): boolean => read(Setting.driftNotifications, isBoolean),
  languageServerDiagnostics: (): boolean => read(Setting.languageServerDiagnostics, isBoolean),
  tagsExclude: (): string[] => {
    const value = vscode.workspace.getConfiguration().get<unknown>(Setting.tagsExclude.key);
    return Array.isArray(value) ? value.filter(isString) : [...Setting.tagsExclude.default];
  },

  /** Rewrites the partners where the setting already lives: the workspace when set there, else the user settings. */
  async updatePartners(change: (current: unknown) => unknown): Promise<void> {
    const config = vscode.workspace.getConfiguration();
    const inspected = config.inspect<unknown>(Setting.partners.key);
    const inWorkspace = inspected?.workspaceValue !== undefined;
    const current = inWorkspace ? inspected?.workspaceValue : inspected?.globalValue;
    await config.update(Setting.partners.key, change(current), inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  },
};

/** Calls `listener` when any of these settings changes, in any scope. */
export function onDidChangeSettings(keys: readonly (SettingSpec<unknown> | string)[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (keys.some((k) => e.affectsConfiguration(typeof k === 'string' ? k : k.key))) listener();
  });
}
