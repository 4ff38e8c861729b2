import * as vscode from 'vscode';
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

/** A partner, with what they teach you and what they want to learn. */
export class PartnerNode extends ExchangeTreeNode {
  constructor(readonly partner: Partner) {
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
    return [new MessageNode('No exchanges yet')];
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
    this.roots = partners.map((p) => new PartnerNode(p));
    this.changed.fire(undefined);
  }
}
