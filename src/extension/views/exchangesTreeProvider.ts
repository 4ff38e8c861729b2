import * as vscode from 'vscode';
import { Disposable } from '../disposable';

export const EXCHANGES_VIEW_ID = 'mutualMentor.exchanges';

/** A node of the Exchanges tree. Partners and exchanges become subclasses as they arrive. */
export abstract class ExchangeTreeNode {
  abstract toTreeItem(): vscode.TreeItem;
  children(): readonly ExchangeTreeNode[] {
    return [];
  }
}

/**
 * Provides the Exchanges tree. With no exchanges it returns no roots, which makes VS Code show
 * the view's welcome content (package.json `viewsWelcome`): what an exchange is and what to do next.
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
}
