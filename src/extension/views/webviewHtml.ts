import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where the webview's built assets live; the only folder the webview may load from. */
export function webviewAssetRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** One page bundled into dist/webview/: its script, its stylesheet and how it is named. */
export interface WebviewPage {
  /** The bundled script, e.g. 'main.js'. */
  readonly script: string;
  /** Its stylesheet, e.g. 'replies.css' (codicon.css is always linked first). */
  readonly style: string;
  /** The document title and the main landmark's label. */
  readonly title: string;
}

export const REPLIES_PAGE: WebviewPage = { script: 'main.js', style: 'replies.css', title: 'Replies' };
export const LEDGER_PAGE: WebviewPage = { script: 'ledger.js', style: 'ledger.css', title: 'Ledger' };

/**
 * A page's HTML: a strict Content-Security-Policy (nothing by default, scripts only with this
 * page's nonce, styles and fonts only from the extension's own assets, no remote images, no form
 * submission or <base> — the directives default-src does not cover), and the bundled script.
 * Pages put text in with textContent, and Reply bodies are GitHub HTML sanitized again in the page
 * (src/webview/sanitize.ts); the CSP is the second wall if something ever slipped through.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(18).toString('base64');
  const root = webviewAssetRoot(extensionUri);
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}">
<link rel="stylesheet" href="${asset(page.style)}">
<title>${page.title}</title>
</head>
<body>
<main id="root" aria-label="${page.title}"></main>
<script nonce="${nonce}" src="${asset(page.script)}"></script>
</body>
</html>`;
}
