import * as vscode from 'vscode';
import { parsePartners, withPartner, type Partner } from '../core/partners';
import type { PairState, PairView } from '../core/pairs/model';
import { mergePartners, type MergedPartners } from '../core/pairs/partners';
import { Disposable } from './disposable';
import { Setting } from './settingKeys';
import { onDidChangeSettings, settings } from './settings';

/**
 * Your partners: the pairs on GitHub (set by PairsService) merged with the `mutualMentor.partners`
 * setting, which stays as an override and cache (ARCHITECTURE.md §Pairs). Re-merged when either
 * changes. Problems in the setting go to the log.
 */
export class PartnersService extends Disposable {
  private fromSetting: Partner[] = [];
  private pairs: readonly PairState[] = [];
  private me: string | undefined;
  private readonly logged = new Set<string>();
  private merged: MergedPartners = { partners: [], invitations: [], settingOnly: [], endedInSetting: [] };
  private readonly changed = this._register(new vscode.EventEmitter<readonly Partner[]>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.read();
    this._register(
      onDidChangeSettings([Setting.partners], () => {
        this.read();
        this.changed.fire(this.partners);
      }),
    );
  }

  get partners(): readonly Partner[] {
    return this.merged.partners;
  }

  /** Invitations to you still open (shown in Exchanges; never accepted for you). */
  get invitations(): readonly PairView[] {
    return this.merged.invitations;
  }

  /** Partners only in the setting: no pair on GitHub yet. */
  get settingOnly(): readonly Partner[] {
    return this.merged.settingOnly;
  }

  /** The pairs on GitHub that `me` is a side of, as last read. */
  setPairs(pairs: readonly PairState[], me: string | undefined): void {
    const before = JSON.stringify(this.merged);
    this.pairs = pairs;
    this.me = me;
    this.merge();
    if (JSON.stringify(this.merged) !== before) this.changed.fire(this.partners); // a read that changed nothing redraws nothing
  }

  /** Adds or updates a partner where the setting already lives (workspace if set there, else user). */
  async add(partner: Partner): Promise<void> {
    await settings.updatePartners((current) => withPartner(current, { login: partner.login, teaches: partner.teaches, learns: partner.learns }));
  }

  /** Whether the setting names this login. */
  inSetting(login: string): boolean {
    return this.fromSetting.some((p) => p.login.toLowerCase() === login.toLowerCase());
  }

  /** Drops a partner from the setting (after the pair ended on GitHub, so the cache agrees). */
  async remove(login: string): Promise<void> {
    await settings.updatePartners((current) => {
      const list = Array.isArray(current) ? (current as unknown[]) : [];
      return list.filter((e) => {
        const name = typeof e === 'string' ? e : (e as { login?: unknown } | null)?.login;
        return typeof name !== 'string' || name.replace(/^@/, '').trim().toLowerCase() !== login.toLowerCase();
      });
    });
  }

  private read(): void {
    const { partners, problems } = parsePartners(settings.partners());
    for (const p of problems) this.log.warn(`${Setting.partners.key}: ${p}`);
    this.fromSetting = partners;
    this.merge();
  }

  private merge(): void {
    this.merged = mergePartners(this.fromSetting, this.pairs, this.me);
    for (const v of this.merged.endedInSetting) {
      if (this.logged.has(v.pair.id)) continue; // once per pair, not on every read
      this.logged.add(v.pair.id);
      this.log.info(`@${v.partner} is in ${Setting.partners.key} but the pair on GitHub was ${v.pair.status} (${v.pair.url}); not listed as a partner`);
    }
  }
}
