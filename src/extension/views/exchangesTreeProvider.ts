import * as vscode from 'vscode';
import type { Ask } from '../../core/model';
import type { Partner } from '../../core/partners';
import { Disposable } from '../disposable';

export const EXCHANGES_VIEW_ID = 'mutualMentor.exchanges';

/** A node of the Exchanges tree. Partners and exchanges become subclasses as they arrive. */
export abstract class ExchangeTreeNode {
  abstract toTreeItem(): vscode.TreeItem;
  children(): readonly ExchangeTreeNode[] {
    return [];
  }
}

class MessageNode extends ExchangeTreeNode {
  constructor(private readonly text: string) {
    super();
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('info');
    return item;
  }
}

/** An ask, sent to or received from the partner it sits under. */
export class AskNode extends ExchangeTreeNode {
  constructor(readonly ask: Ask) {
    super();
  }

  toTreeItem(): vscode.TreeItem {
    const { ask } = this;
    const firstLine = ask.question.split('\n')[0] ?? '';
    const item = new vscode.TreeItem(firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine, vscode.TreeItemCollapsibleState.None);
    item.id = `ask:${ask.id}`;
    item.contextValue = ask.posted ? 'ask' : 'ask.queued';
    item.iconPath = new vscode.ThemeIcon(ask.posted ? (ask.direction === 'sent' ? 'comment' : 'comment-discussion') : 'clock');
    const where = ask.anchor ? `${ask.anchor.path}:${ask.anchor.startLine}` : `${ask.target.repo.owner}/${ask.target.repo.name}`;
    item.description = [ask.topic, where].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString().appendText(ask.question);
    item.accessibilityInformation = { label: `${ask.direction === 'sent' ? 'Asked' : 'Asked by'} ${ask.partner}: ${firstLine}` };
    item.command = { command: 'mutualMentor.openAsk', title: 'Show in Replies', arguments: [ask.id] };
    return item;
  }
}

/** A partner, with what they teach you and what they want to learn. */
export class PartnerNode extends ExchangeTreeNode {
  constructor(readonly partner: Partner, private readonly asks: readonly Ask[] = []) {
    super();
  }

  toTreeItem(): vscode.TreeItem {
    const { login, teaches, learns } = this.partner;
    const item = new vscode.TreeItem(`@${login}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `partner:${login.toLowerCase()}`;
    item.iconPath = new vscode.ThemeIcon('person');
    item.contextValue = 'partner';
    const parts = [teaches.length ? `teaches ${teaches.join(', ')}` : '', learns.length ? `learns ${learns.join(', ')}` : ''].filter(Boolean);
    item.description = parts.join(' · ');
    item.tooltip = new vscode.MarkdownString(`**@${login}** — your mentoring partner${parts.length ? `\n\n${parts.join('\n\n')}` : ''}`);
    item.accessibilityInformation = { label: `Partner ${login}${parts.length ? `, ${parts.join(', ')}` : ''}` };
    return item;
  }

  override children(): readonly ExchangeTreeNode[] {
    if (this.asks.length === 0) return [new MessageNode('No exchanges yet')];
    return [...this.asks].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((a) => new AskNode(a));
  }
}

/**
 * Provides the Exchanges tree: partners, then their exchanges. With no partner it returns no roots,
 * which makes VS Code show the view's welcome content (package.json `viewsWelcome`).
 */
export class ExchangesTreeProvider extends Disposable implements vscode.TreeDataProvider<ExchangeTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ExchangeTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private roots: readonly ExchangeTreeNode[] = [];
  private partners: readonly Partner[] = [];
  private asks: readonly Ask[] = [];

  getTreeItem(node: ExchangeTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: ExchangeTreeNode): ExchangeTreeNode[] {
    return [...(node ? node.children() : this.roots)];
  }

  rootCount(): number {
    return this.roots.length;
  }

  setPartners(partners: readonly Partner[]): void {
    this.partners = partners;
    this.rebuild();
  }

  setAsks(asks: readonly Ask[]): void {
    this.asks = asks;
    this.rebuild();
  }

  /** The asks shown under a partner (for tests and the badge). */
  asksOf(login: string): readonly Ask[] {
    return this.asks.filter((a) => a.partner.toLowerCase() === login.toLowerCase());
  }

  private rebuild(): void {
    this.roots = this.partners.map((p) => new PartnerNode(p, this.asksOf(p.login)));
    this.changed.fire(undefined);
  }
}
