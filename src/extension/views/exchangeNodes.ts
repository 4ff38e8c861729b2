// The Exchanges tree's nodes beyond asks: the base class, plain messages, a partner's lessons and
// help (from the ledger), and the workspace's unsent `ASK:` tags.
import * as vscode from 'vscode';
import type { LedgerEvent } from '../../core/ledger/ledger';
import type { AskTag } from '../../core/tags/parse';
import { isWebUrl } from '../../shared/schema';

/** A node of the Exchanges tree: partners, then the asks each way, then each ask. */
export abstract class ExchangeTreeNode {
  constructor(readonly parent: ExchangeTreeNode | undefined) {}
  abstract toTreeItem(): vscode.TreeItem;
  children(): readonly ExchangeTreeNode[] {
    return [];
  }
}

export class MessageNode extends ExchangeTreeNode {
  constructor(
    parent: ExchangeTreeNode,
    private readonly text: string,
  ) {
    super(parent);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('info');
    return item;
  }
}

/** One lesson or piece of help between you and the partner; opens it on GitHub. */
class LedgerEventNode extends ExchangeTreeNode {
  constructor(
    parent: ExchangeTreeNode,
    readonly event: LedgerEvent,
    private readonly me: string,
  ) {
    super(parent);
  }

  toTreeItem(): vscode.TreeItem {
    const e = this.event;
    const mine = e.from.toLowerCase() === this.me.toLowerCase();
    const what =
      e.kind === 'lesson'
        ? `${mine ? `@${e.to} learned` : 'You learned'}: ${e.text}`
        : `${e.type === 'mergedPullRequest' ? 'Merged' : e.type === 'review' ? 'Review' : 'Answered'}: ${e.title}`;
    const item = new vscode.TreeItem(what.length > 80 ? `${what.slice(0, 79)}…` : what, vscode.TreeItemCollapsibleState.None);
    item.id = `ledger:${e.id}`;
    item.description = `${mine ? 'you gave' : 'you received'} · ${e.at.slice(0, 10)}`;
    item.iconPath = new vscode.ThemeIcon(
      e.kind === 'lesson' ? 'mortar-board' : e.type === 'mergedPullRequest' ? 'git-merge' : e.type === 'review' ? 'eye' : 'comment',
      new vscode.ThemeColor(mine ? 'charts.blue' : 'charts.orange'),
    );
    item.contextValue = 'ledgerEvent';
    item.tooltip = new vscode.MarkdownString('', false).appendText(
      `${what}\n${mine ? `From you to @${e.to}` : `From @${e.from} to you`}${e.topic ? ` · ${e.topic}` : ''} · ${e.at.slice(0, 10)}`,
    );
    if (isWebUrl(e.url)) item.command = { command: 'vscode.open', title: 'Open on GitHub', arguments: [vscode.Uri.parse(e.url)] };
    return item;
  }
}

/** Lessons (either way), or help (either way), with a partner: newest first, a page of them. */
export class LedgerGroupNode extends ExchangeTreeNode {
  private static readonly PAGE = 50;
  private readonly events: readonly LedgerEventNode[];

  constructor(
    parent: ExchangeTreeNode,
    private readonly login: string,
    private readonly kind: 'lesson' | 'help',
    events: readonly LedgerEvent[],
    me: string,
    private readonly total: number,
  ) {
    super(parent);
    this.events = events.slice(0, LedgerGroupNode.PAGE).map((e) => new LedgerEventNode(this, e, me));
  }

  toTreeItem(): vscode.TreeItem {
    const login = this.login;
    const item = new vscode.TreeItem(this.kind === 'lesson' ? 'Lessons' : 'Help', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${login.toLowerCase()}:${this.kind}`;
    item.iconPath = new vscode.ThemeIcon(this.kind === 'lesson' ? 'mortar-board' : 'heart');
    item.description = String(this.total);
    item.contextValue = `group ${this.kind}`;
    item.accessibilityInformation = { label: `${this.kind === 'lesson' ? 'Lessons' : 'Help'} with ${login}: ${this.total}` };
    return item;
  }

  override children(): readonly ExchangeTreeNode[] {
    const more = this.total - this.events.length;
    return more > 0 ? [...this.events, new MessageNode(this, `${more} more — Show Ledger for all`)] : this.events;
  }
}

/** An `ASK:` tag in the workspace not sent yet; opens it at its line. */
class TagNode extends ExchangeTreeNode {
  constructor(
    parent: ExchangeTreeNode,
    readonly uri: vscode.Uri,
    readonly tag: AskTag,
  ) {
    super(parent);
  }

  toTreeItem(): vscode.TreeItem {
    const { tag } = this;
    const item = new vscode.TreeItem(`${tag.login ? `@${tag.login}: ` : ''}${tag.question}`, vscode.TreeItemCollapsibleState.None);
    item.id = `tag:${this.uri.toString()}:${tag.line}`;
    item.description = `${vscode.workspace.asRelativePath(this.uri)}:${tag.line + 1}`;
    item.iconPath = new vscode.ThemeIcon('comment-unresolved');
    item.contextValue = 'askTag';
    item.tooltip = new vscode.MarkdownString('', false).appendText(`Not sent yet. Open it and use the quick fix "Send as ask" (Ctrl+.).`);
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [this.uri, { selection: new vscode.Range(tag.line, tag.startCharacter, tag.line, tag.endCharacter) }],
    };
    return item;
  }
}

/** The `ASK:` tags written in the workspace's code that have not been sent as asks. */
export class TagsNode extends ExchangeTreeNode {
  private readonly tags: readonly TagNode[];

  constructor(files: readonly { readonly uri: vscode.Uri; readonly tags: readonly AskTag[] }[]) {
    super(undefined);
    this.tags = files.flatMap((f) => f.tags.map((t) => new TagNode(this, f.uri, t)));
  }

  get count(): number {
    return this.tags.length;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Unsent ASK tags', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = 'tags';
    item.iconPath = new vscode.ThemeIcon('tag');
    item.description = String(this.tags.length);
    item.tooltip = 'Comments like // ASK(@partner): … in your code, not sent yet';
    return item;
  }

  override children(): readonly ExchangeTreeNode[] {
    return this.tags;
  }
}
