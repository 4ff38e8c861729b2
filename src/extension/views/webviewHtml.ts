import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where the webview's built assets live; the only folder the webview may load from. */
export function webviewAssetRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/**
 * The Replies page's HTML: a strict Content-Security-Policy (nothing by default, scripts only with
 * this page's nonce, styles and fonts only from the extension's own assets, no remote images, no
 * form submission or <base> — the directives default-src does not cover), and the bundled script.
 * Reply bodies are GitHub HTML sanitized again in the page (src/webview/sanitize.ts); the CSP is
 * the second wall if something ever slipped through.
 */
export function repliesHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
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
<link rel="stylesheet" href="${asset('replies.css')}">
<title>Replies</title>
</head>
<body>
<main id="root" aria-label="Replies"></main>
<script nonce="${nonce}" src="${asset('main.js')}"></script>
</body>
</html>`;
}
