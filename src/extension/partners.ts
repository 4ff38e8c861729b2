import * as vscode from 'vscode';
import { parsePartners, withPartner, type Partner } from '../core/partners';
import { Disposable } from './disposable';

export const PARTNERS_SETTING = 'mutualMentor.partners';

/** The partners in settings, re-read when the setting changes. Problems in the setting go to the log. */
export class PartnersService extends Disposable {
  private list: Partner[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<readonly Partner[]>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.read();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(PARTNERS_SETTING)) return;
      this.read();
      this.changed.fire(this.list);
    }));
  }

  get partners(): readonly Partner[] {
    return this.list;
  }

  /** Adds or updates a partner where the setting already lives (workspace if set there, else user). */
  async add(partner: Partner): Promise<void> {
    const config = vscode.workspace.getConfiguration();
    const inspected = config.inspect<unknown>(PARTNERS_SETTING);
    const inWorkspace = inspected?.workspaceValue !== undefined;
    const current = inWorkspace ? inspected?.workspaceValue : inspected?.globalValue;
    await config.update(PARTNERS_SETTING, withPartner(current, partner), inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }

  private read(): void {
    const { partners, problems } = parsePartners(vscode.workspace.getConfiguration().get<unknown>(PARTNERS_SETTING));
    for (const p of problems) this.log.warn(`${PARTNERS_SETTING}: ${p}`);
    this.list = partners;
  }
}
