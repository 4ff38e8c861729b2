import * as vscode from 'vscode';
import {
  ASK_STATES,
  NO_TOPIC,
  STATE_LABELS,
  askState,
  describeAnchor,
  describeFilter,
  groupExchanges,
  isFiltering,
  isReviewThread,
  parseFilter,
  questionTitle,
  threadStateOf,
  topicsOf,
  type AskState,
  type ExchangeFilter,
  type PartnerExchanges,
} from '../../core/exchanges';
import type { Ask } from '../../core/model';
import type { LedgerEvent } from '../../core/ledger/ledger';
import type { AskTag } from '../../core/tags/parse';
import { ExchangeTreeNode, LedgerGroupNode, MessageNode, TagsNode } from './exchangeNodes';
import { pairStatusText, partnerContext } from './pairNodes';
import type { Partner } from '../../core/partners';
import { Disposable } from '../disposable';
import { CommandId } from '../../shared/commandIds';

export const EXCHANGES_VIEW_ID = 'mutualMentor.exchanges';
const FILTER_KEY = 'mutualMentor.exchangesFilter';

/** How each state looks: a distinct icon shape (not only a colour) for each. */
const STATE_ICONS: Readonly<Record<AskState, { readonly icon: string; readonly color: string }>> = {
  unread: { icon: 'comment-unresolved', color: 'notificationsInfoIcon.foreground' },
  open: { icon: 'comment', color: 'icon.foreground' },
  answered: { icon: 'comment-discussion', color: 'charts.green' },
  resolved: { icon: 'pass', color: 'testing.iconPassed' },
  queued: { icon: 'watch', color: 'descriptionForeground' },
  failed: { icon: 'error', color: 'errorForeground' },
};

export interface ExchangeItemView {
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
  readonly state: AskState;
  /** The hover: its markdown source, and whether it may run commands or render HTML. */
  readonly tooltip: { readonly markdown: string; readonly isTrusted: boolean; readonly supportHtml: boolean };
}

interface AskFactsView {
  readonly replies: number;
  readonly unread: number;
  readonly state: AskState;
}

/** An ask, sent to or received from the partner it sits under. */
export class AskNode extends ExchangeTreeNode {
  constructor(
    parent: ExchangeTreeNode,
    readonly ask: Ask,
    readonly facts: AskFactsView,
  ) {
    super(parent);
  }

  toTreeItem(): vscode.TreeItem {
    const { ask, facts } = this;
    const title = questionTitle(ask);
    const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
    item.id = `ask:${ask.id}`;
    item.contextValue = askContextValue(ask, facts);
    const look = STATE_ICONS[facts.state];
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
    const where = ask.anchor ? `${ask.anchor.path}:${ask.anchor.startLine}` : `${ask.target.repo.owner}/${ask.target.repo.name}`;
    item.description = [facts.unread > 0 ? `${facts.unread} new` : '', ask.topic, where].filter(Boolean).join(' · ');
    item.tooltip = askTooltip(ask, facts);
    const who = ask.direction === 'sent' ? `Asked ${ask.partner}` : `Asked by ${ask.partner}`;
    item.accessibilityInformation = { label: `${who}: ${title}. ${STATE_LABELS[facts.state]}${facts.unread > 0 ? `, ${facts.unread} new` : ''}` };
    item.command = { command: CommandId.OpenAsk, title: 'Open Thread', arguments: [ask.id] };
    return item;
  }
}

/** Space-separated traits the `view/item/context` menus match with `viewItem =~ /\bword\b/`. */
function askContextValue(ask: Ask, facts: AskFactsView): string {
  const review = isReviewThread(ask);
  const resolved = threadStateOf(ask)?.resolved ?? false;
  return [
    'ask',
    facts.state,
    ask.direction,
    ask.posted ? 'posted' : '',
    ask.anchor ? 'anchored' : '',
    facts.unread > 0 ? 'unread' : '',
    review ? 'review' : '',
    review ? (resolved ? 'resolved' : 'unresolved') : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function askTooltip(ask: Ask, facts: AskFactsView): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(ask.direction === 'sent' ? '**You asked** ' : '**Asked by** ').appendText(`@${ask.partner}`);
  if (ask.topic) md.appendMarkdown(' · topic ').appendText(ask.topic);
  // The question is the partner's markdown: rendered (code, emphasis), untrusted (no command links), no HTML.
  md.appendMarkdown('\n\n').appendMarkdown(closeFences(ask.question).replace(/!\[/g, '\\![')).appendMarkdown('\n\n---\n\n');
  const where = ask.anchor
    ? `${describeAnchor(ask.anchor)} in ${ask.anchor.repo.owner}/${ask.anchor.repo.name}`
    : `${ask.target.repo.owner}/${ask.target.repo.name}`;
  md.appendMarkdown('**Where:** ').appendText(where).appendMarkdown('\n\n');
  md.appendMarkdown('**State:** ').appendText(askStateText(facts));
  return md;
}

/** A code block the question leaves open would swallow the rest of the tooltip: it is closed. */
function closeFences(markdown: string): string {
  let open = false;
  for (const line of markdown.split('\n')) if (line.trimStart().startsWith('```')) open = !open;
  return open ? `${markdown}\n\`\`\`` : markdown;
}

/** The State line of an ask's tooltip, e.g. "Unread replies (3 replies, 1 new)". */
export function askStateText(facts: Pick<AskFactsView, 'state' | 'replies' | 'unread'>): string {
  if (facts.replies === 0) return facts.state === 'open' ? STATE_LABELS.open : `${STATE_LABELS[facts.state]} (no reply yet)`;
  return `${STATE_LABELS[facts.state]} (${facts.replies} repl${facts.replies === 1 ? 'y' : 'ies'}${facts.unread > 0 ? `, ${facts.unread} new` : ''})`;
}

/** The asks one way between you and a partner. */
class GroupNode extends ExchangeTreeNode {
  readonly asks: readonly AskNode[];

  constructor(
    parent: PartnerNode,
    private readonly direction: 'sent' | 'received',
    asks: readonly Ask[],
    facts: (ask: Ask) => AskFactsView,
  ) {
    super(parent);
    this.asks = asks.map((a) => new AskNode(this, a, facts(a)));
  }

  toTreeItem(): vscode.TreeItem {
    const login = (this.parent as PartnerNode).partner.login;
    const label = this.direction === 'sent' ? 'You asked' : 'Asked you';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `group:${login.toLowerCase()}:${this.direction}`;
    item.contextValue = `group ${this.direction}`;
    item.iconPath = new vscode.ThemeIcon(this.direction === 'sent' ? 'arrow-right' : 'arrow-left');
    const unread = this.asks.reduce((n, a) => n + a.facts.unread, 0);
    item.description = `${this.asks.length}${unread > 0 ? ` · ${unread} new` : ''}`;
    item.accessibilityInformation = {
      label: `${this.direction === 'sent' ? `Asks you sent ${login}` : `Asks ${login} sent you`}: ${this.asks.length}${unread > 0 ? `, ${unread} new replies` : ''}`,
    };
    return item;
  }

  override children(): readonly ExchangeTreeNode[] {
    return this.asks;
  }
}

/** A partner, with what they teach you and what they want to learn. */
export class PartnerNode extends ExchangeTreeNode {
  private readonly kids: readonly ExchangeTreeNode[];

  constructor(
    readonly partner: Partner,
    exchanges: PartnerExchanges | undefined,
    facts: (ask: Ask) => AskFactsView,
    ledger?: { readonly me: string; readonly events: readonly LedgerEvent[] },
  ) {
    super(undefined);
    const lessons = ledger?.events.filter((e) => e.kind === 'lesson') ?? [];
    const help = ledger?.events.filter((e) => e.kind === 'help') ?? [];
    const groups: ExchangeTreeNode[] = [
      exchanges?.sent.length ? new GroupNode(this, 'sent', exchanges.sent, facts) : undefined,
      exchanges?.received.length ? new GroupNode(this, 'received', exchanges.received, facts) : undefined,
      ledger && lessons.length ? new LedgerGroupNode(this, partner.login, 'lesson', lessons, ledger.me, lessons.length) : undefined,
      ledger && help.length ? new LedgerGroupNode(this, partner.login, 'help', help, ledger.me, help.length) : undefined,
    ].filter((g): g is GroupNode | LedgerGroupNode => g !== undefined);
    const hidden = exchanges?.hidden ?? 0;
    this.kids = groups.length > 0 ? groups : [new MessageNode(this, hidden > 0 ? `No exchanges match the filter (${hidden} hidden)` : 'No exchanges yet')];
  }

  toTreeItem(): vscode.TreeItem {
    const { login, teaches, learns } = this.partner;
    const item = new vscode.TreeItem(`@${login}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `partner:${login.toLowerCase()}`;
    item.iconPath = new vscode.ThemeIcon('person');
    item.contextValue = partnerContext(this.partner);
    const parts = [teaches.length ? `teaches ${teaches.join(', ')}` : '', learns.length ? `learns ${learns.join(', ')}` : ''].filter(Boolean);
    item.description = [pairStatusText(this.partner), ...parts].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString('', false);
    tooltip.isTrusted = false;
    tooltip.appendMarkdown('**').appendText(`@${login}`).appendMarkdown('** — your mentoring partner');
    for (const p of parts) tooltip.appendMarkdown('\n\n').appendText(p);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `Partner ${login}${parts.length ? `, ${parts.join(', ')}` : ''}` };
    return item;
  }

  override children(): readonly ExchangeTreeNode[] {
    return this.kids;
  }

  get askNodes(): readonly AskNode[] {
    return this.kids.flatMap((k) => (k instanceof GroupNode ? k.asks : []));
  }
}

/**
 * Provides the Exchanges tree: partners, then the asks each way, then the asks. With no partner it
 * returns no roots, which makes VS Code show the view's welcome content (package.json `viewsWelcome`).
 */
export class ExchangesTreeProvider extends Disposable implements vscode.TreeDataProvider<ExchangeTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ExchangeTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<ExchangeTreeNode> | undefined;
  private roots: readonly PartnerNode[] = [];
  private invitations: readonly ExchangeTreeNode[] = [];
  private holding = false;
  private tags = new TagsNode([]);
  private readonly askNodes = new Map<string, AskNode>();
  private partners: readonly Partner[] = [];
  private asks: readonly Ask[] = [];
  private ledger: { readonly me: string; readonly byPartner: ReadonlyMap<string, readonly LedgerEvent[]> } | undefined;
  private replyCount: (askId: string) => number = () => 0;
  private unread: ReadonlyMap<string, number> = new Map();
  private unreadTotal = 0;
  private queued: ReadonlySet<string> = new Set();
  private failed: ReadonlySet<string> = new Set();
  private filter: ExchangeFilter;

  /** `memento` (workspaceState) keeps the filter. */
  constructor(private readonly memento?: vscode.Memento) {
    super();
    this.filter = parseFilter(memento?.get<unknown>(FILTER_KEY));
    void vscode.commands.executeCommand('setContext', 'mutualMentor.exchangesFiltered', isFiltering(this.filter));
  }

  /** Creates the tree view (once) with its badge and filter message. */
  createView(): vscode.TreeView<ExchangeTreeNode> {
    this.view ??= this._register(vscode.window.createTreeView(EXCHANGES_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this.decorateView();
    return this.view;
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  getTreeItem(node: ExchangeTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: ExchangeTreeNode): ExchangeTreeNode[] {
    if (node) return [...node.children()];
    // With no partner there are no roots, so the welcome content shows; tags wait until there is one.
    return this.roots.length > 0 && this.tags.count > 0 ? [...this.invitations, ...this.roots, this.tags] : [...this.invitations, ...this.roots];
  }

  /** Unsent `ASK:` tags found in the workspace (the language server's scan). */
  setTags(files: readonly { readonly uri: vscode.Uri; readonly tags: readonly AskTag[] }[]): void {
    this.tags = new TagsNode(files);
    this.changed.fire(undefined);
  }

  /** How many unsent tags the tree lists (for tests). */
  tagCount(): number {
    return this.tags.count;
  }

  getParent(node: ExchangeTreeNode): ExchangeTreeNode | undefined {
    return node.parent;
  }

  rootCount(): number {
    return this.roots.length;
  }

  /** The partners, and the invitations to pair waiting for your answer (listed first). */
  setPartners(partners: readonly Partner[], invitations: readonly ExchangeTreeNode[] = this.invitations): void {
    this.partners = partners;
    this.invitations = invitations;
    this.rebuild();
  }

  /** The asks, and how many replies each has (for "answered"). */
  setAsks(asks: readonly Ask[], replyCount?: (askId: string) => number): void {
    this.asks = asks;
    if (replyCount) this.replyCount = replyCount;
    this.rebuild();
  }

  /** Lessons and help with each partner (from the ledger), shown in their own groups. */
  setLedger(me: string | undefined, events: readonly LedgerEvent[]): void {
    const byPartner = new Map<string, LedgerEvent[]>();
    for (const e of [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))) {
      if (!me) break;
      const other = e.from.toLowerCase() === me.toLowerCase() ? e.to : e.to.toLowerCase() === me.toLowerCase() ? e.from : undefined;
      if (!other) continue;
      const list = byPartner.get(other.toLowerCase());
      if (list) list.push(e);
      else byPartner.set(other.toLowerCase(), [e]);
    }
    this.ledger = me ? { me, byPartner } : undefined;
    this.rebuild();
  }

  /** Unread reply counts per ask and in total (the view's badge). */
  setUnread(perAsk: ReadonlyMap<string, number>, total: number): void {
    this.unread = perAsk;
    this.unreadTotal = total;
    this.rebuild();
  }

  /** Asks waiting in the outbox, and those GitHub refused (by ask id = outbox id). */
  setOutboxState(queued: ReadonlySet<string>, failed: ReadonlySet<string>): void {
    this.queued = queued;
    this.failed = failed;
    this.rebuild();
  }

  /** The asks shown under a partner, whatever the filter (for tests and the badge). */
  asksOf(login: string): readonly Ask[] {
    return this.asks.filter((a) => a.partner.toLowerCase() === login.toLowerCase());
  }

  /** How an ask's row looks, or undefined when it is not shown (for tests). */
  itemOf(askId: string): ExchangeItemView | undefined {
    const node = this.askNodes.get(askId);
    if (!node) return undefined;
    const item = node.toTreeItem();
    const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip : undefined;
    return {
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: String(item.description ?? ''),
      contextValue: item.contextValue ?? '',
      state: node.facts.state,
      tooltip: tip
        ? { markdown: tip.value, isTrusted: tip.isTrusted === true, supportHtml: tip.supportHtml === true }
        : { markdown: typeof item.tooltip === 'string' ? item.tooltip : '', isTrusted: false, supportHtml: false },
    };
  }

  stateOf(ask: Ask): AskState {
    return askState(ask, {
      replies: this.replyCount(ask.id),
      unread: this.unread.get(ask.id) ?? 0,
      queued: this.queued.has(ask.id),
      failed: this.failed.has(ask.id),
    });
  }

  get currentFilter(): ExchangeFilter {
    return this.filter;
  }

  async setFilter(filter: ExchangeFilter): Promise<void> {
    this.filter = filter;
    this.rebuild();
    await vscode.commands.executeCommand('setContext', 'mutualMentor.exchangesFiltered', isFiltering(filter));
    await this.memento?.update(FILTER_KEY, isFiltering(filter) ? filter : undefined);
  }

  /** "Filter Exchanges…": a multi-select of states and topics. */
  async pickFilter(): Promise<void> {
    type Item = vscode.QuickPickItem & { readonly state?: AskState; readonly topic?: string };
    const counts = new Map<AskState, number>();
    for (const a of this.asks) counts.set(this.stateOf(a), (counts.get(this.stateOf(a)) ?? 0) + 1);
    const topics = topicsOf(this.asks);
    const items: Item[] = [
      { label: 'State', kind: vscode.QuickPickItemKind.Separator },
      ...ASK_STATES.map((state): Item => ({
        label: STATE_LABELS[state],
        description: String(counts.get(state) ?? 0),
        state,
        picked: this.filter.states.includes(state),
      })),
      { label: 'Topic', kind: vscode.QuickPickItemKind.Separator },
      ...topics.map((topic): Item => ({ label: topic, topic, picked: this.filter.topics.some((t) => t.toLowerCase() === topic.toLowerCase()) })),
      { label: 'No topic', topic: NO_TOPIC, picked: this.filter.topics.includes(NO_TOPIC) },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Filter Exchanges',
      placeHolder: 'Show only asks in these states and with these topics (none picked: show all)',
    });
    if (!picked) return;
    await this.setFilter({
      states: picked.flatMap((i) => (i.state ? [i.state] : [])),
      topics: picked.flatMap((i) => (i.topic !== undefined ? [i.topic] : [])),
    });
  }

  /** Selects an ask's row; false when it is not shown (no partner, or filtered out). */
  async reveal(askId: string, options: { readonly focus: boolean }): Promise<boolean> {
    const node = this.askNodes.get(askId);
    if (!node || !this.view) return false;
    await this.view.reveal(node, { select: true, focus: options.focus, expand: false });
    return true;
  }

  /** Runs several setters and rebuilds the tree once, not once per setter (a rebuild groups every ask). */
  update(set: () => void): void {
    this.holding = true;
    try {
      set();
    } finally {
      this.holding = false;
    }
    this.rebuild();
  }

  private rebuild(): void {
    if (this.holding) return;
    const groups = groupExchanges(
      this.partners.map((p) => p.login),
      this.asks,
      (a) => this.stateOf(a),
      this.filter,
    );
    const facts = (ask: Ask): AskFactsView => ({ replies: this.replyCount(ask.id), unread: this.unread.get(ask.id) ?? 0, state: this.stateOf(ask) });
    const ledger = this.ledger;
    this.roots = this.partners.map(
      (p, i) => new PartnerNode(p, groups[i], facts, ledger ? { me: ledger.me, events: ledger.byPartner.get(p.login.toLowerCase()) ?? [] } : undefined),
    );
    this.askNodes.clear();
    for (const root of this.roots) for (const node of root.askNodes) this.askNodes.set(node.ask.id, node);
    this.decorateView();
    this.changed.fire(undefined);
  }

  private decorateView(): void {
    const view = this.view;
    if (!view) return;
    const total = this.unreadTotal;
    view.badge = total > 0 ? { value: total, tooltip: `${total} unread repl${total === 1 ? 'y' : 'ies'}` } : undefined;
    const filtered = describeFilter(this.filter);
    view.description = filtered ? 'Filtered' : undefined;
    // A message hides the welcome content, so it is only set when the tree has partners to show.
    view.message = filtered && this.roots.length > 0 ? `Showing only: ${filtered}.` : undefined;
  }
}
