import * as vscode from 'vscode';
import { parsePartners, withPartner, type Partner } from '../core/partners';
import { Disposable } from './disposable';
import { Setting } from './settingKeys';
import { onDidChangeSettings, settings } from './settings';

/** The partners in settings, re-read when the setting changes. Problems in the setting go to the log. */
export class PartnersService extends Disposable {
  private list: Partner[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<readonly Partner[]>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.read();
    this._register(
      onDidChangeSettings([Setting.partners], () => {
        this.read();
        this.changed.fire(this.list);
      }),
    );
  }

  get partners(): readonly Partner[] {
    return this.list;
  }

  /** Adds or updates a partner where the setting already lives (workspace if set there, else user). */
  async add(partner: Partner): Promise<void> {
    await settings.updatePartners((current) => withPartner(current, partner));
  }

  private read(): void {
    const { partners, problems } = parsePartners(settings.partners());
    for (const p of problems) this.log.warn(`${Setting.partners.key}: ${p}`);
    this.list = partners;
  }
}
