// What the Exchanges tree shows of pairs (ARCHITECTURE.md §Pairs): an invitation waiting for your
// answer (Accept, Decline, Change Topics, Open on GitHub — package.json `view/item/context`), and a
// partner row's pair state and the traits its menus match (Pause, Resume, End, Change Topics, or
// Send Invitation for a partner only in the setting).
import * as vscode from 'vscode';
import type { PairView } from '../../core/pairs/model';
import type { Partner } from '../../core/partners';
import { ExchangeTreeNode } from './exchangeNodes';

function topicsText(teaches: readonly string[], learns: readonly string[]): string {
  return [teaches.length ? `teaches ${teaches.join(', ')}` : '', learns.length ? `learns ${learns.join(', ')}` : ''].filter(Boolean).join(' · ');
}

/** An invitation to pair from someone: never accepted for you; you decide here. */
export class InvitationNode extends ExchangeTreeNode {
  constructor(readonly view: PairView) {
    super(undefined);
  }

  toTreeItem(): vscode.TreeItem {
    const { view } = this;
    const item = new vscode.TreeItem(`Invitation from @${view.partner}`, vscode.TreeItemCollapsibleState.None);
    item.id = `invitation:${view.pair.id}`;
    item.iconPath = new vscode.ThemeIcon('mail', new vscode.ThemeColor('notificationsInfoIcon.foreground'));
    item.contextValue = 'pairInvitation';
    item.description = topicsText(view.theirs.teaches, view.theirs.learns);
    const tip = new vscode.MarkdownString('', false);
    tip.isTrusted = false;
    tip.appendMarkdown('**').appendText(`@${view.partner}`).appendMarkdown('** invites you to pair');
    tip.appendMarkdown('\n\n').appendText(`Can teach: ${view.theirs.teaches.join(', ') || '—'}`);
    tip.appendMarkdown('\n\n').appendText(`Wants to learn: ${view.theirs.learns.join(', ') || '—'}`);
    tip.appendMarkdown('\n\n').appendText(`${view.pair.repo.owner}/${view.pair.repo.name}#${view.pair.number}`);
    item.tooltip = tip;
    item.accessibilityInformation = { label: `Invitation to pair from ${view.partner}${item.description ? `, ${item.description}` : ''}` };
    return item;
  }
}

/** The partner row's traits for `viewItem =~ /\bpair-…\b/` menus. */
export function partnerContext(partner: Partner): string {
  return `partner ${partner.pair ? `pair-${partner.pair.status}` : 'pair-none'}`;
}

/** "invited", "paused" or "only in settings" before a partner's topics; nothing for an accepted pair. */
export function pairStatusText(partner: Partner): string {
  const status = partner.pair?.status;
  return status === undefined ? 'only in settings' : status === 'invited' ? 'invited, no answer yet' : status === 'paused' ? 'paused' : '';
}
