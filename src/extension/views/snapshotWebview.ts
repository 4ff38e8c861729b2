import * as vscode from 'vscode';
import { isPageMessage, type Snapshot, type SnapshotProtocol } from '../../shared/snapshotProtocol';
import { Disposable } from '../disposable';
import { webviewAssetRoot, webviewHtml, type WebviewPage } from './webviewHtml';

/**
 * The host side of a page that shows whole snapshots (src/shared/snapshotProtocol.ts): the Replies
 * view and the Ledger panel. It sets up the page's HTML and CSP, answers the page's `ready` with the
 * current state, sends each new state to a ready page, reports `rendered`, and hands the page's other
 * messages — validated against the page's protocol — to onAction.
 */
export abstract class SnapshotWebview<State extends { kind: string }, Action extends { type: string }> extends Disposable {
  private webview: vscode.Webview | undefined;
  private ready = false;
  private state: State;
  private readonly renderedEmitter = this._register(new vscode.EventEmitter<State['kind']>());
  /** Fires each time the page reports it rendered a snapshot. */
  readonly onDidRender = this.renderedEmitter.event;

  protected constructor(
    protected readonly extensionUri: vscode.Uri,
    protected readonly log: vscode.LogOutputChannel,
    private readonly page: WebviewPage,
    private readonly protocol: SnapshotProtocol<State, Action>,
    initial: State,
  ) {
    super();
    this.state = initial;
  }

  /** The state shown (or to be shown once the page is ready). */
  get current(): State {
    return this.state;
  }

  /** What every page's webview allows: scripts, and loading only from the built assets. */
  protected get webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [webviewAssetRoot(this.extensionUri)] };
  }

  /**
   * Starts the page in a new webview: its HTML (with the CSP) and the handshake. Dispose the result
   * when the webview goes.
   */
  protected attach(webview: vscode.Webview): vscode.Disposable {
    this.webview = webview;
    this.ready = false;
    // The HTML goes in before the options: a change of options reloads the page with the HTML it has,
    // and a webview view's first options would otherwise load an empty page (no CSP: VS Code warns).
    webview.html = webviewHtml(webview, this.extensionUri, this.page);
    webview.options = this.webviewOptions;
    const listener = webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    return {
      dispose: () => {
        listener.dispose();
        if (this.webview !== webview) return;
        this.webview = undefined;
        this.ready = false;
      },
    };
  }

  /** The page was torn down (hidden and not retained); it says `ready` again when it reloads. */
  protected unloaded(): void {
    this.ready = false;
  }

  /** Keeps the state and sends it to the page if the page is ready (else it goes out on `ready`). */
  protected setState(state: State): void {
    this.state = state;
    if (this.webview && this.ready) void this.webview.postMessage({ type: 'snapshot', state } satisfies Snapshot<State>);
  }

  /** A message from the page other than the handshake, already validated. */
  protected abstract onAction(action: Action): void;

  private receive(raw: unknown): void {
    const message = this.protocol.parseToHost(raw);
    if (!message) {
      this.log.warn(`${this.page.title} page sent a malformed message; ignored`);
    } else if (!isPageMessage(message)) {
      this.onAction(message);
    } else if (message.type === 'ready') {
      this.ready = true;
      this.setState(this.state);
    } else {
      this.renderedEmitter.fire(message.kind);
    }
  }
}
