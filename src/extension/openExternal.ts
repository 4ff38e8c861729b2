// The one way Mutual Mentor opens a link outside VS Code (SECURITY.md). Every URL handed to the
// system comes from GitHub, the store or a webview, so none is trusted: only absolute http(s)
// addresses are opened; anything else (command:, vscode:, file:, javascript:, a malformed value)
// is refused with a message and a log line, never passed on.
import * as vscode from 'vscode';
import { isWebUrl } from '../shared/schema';

/** The address a refused link is shown with: short, on one line. */
function shown(url: unknown): string {
  const text = typeof url === 'string' ? url : String(url);
  const line = text.replace(/[\r\n\t]/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Opens an http(s) URL in the browser; refuses anything else, saying so. Returns whether it opened. */
export async function openWebUrl(url: unknown, log?: vscode.LogOutputChannel): Promise<boolean> {
  if (!isWebUrl(url)) {
    log?.warn(`refused to open a link that is not a web address: ${JSON.stringify(shown(url))}`);
    void vscode.window.showWarningMessage(`Mutual Mentor did not open "${shown(url)}": only web addresses (http or https) are opened.`);
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url, true));
}
