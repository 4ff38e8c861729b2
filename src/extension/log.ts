import * as vscode from 'vscode';

/** The "Mutual Mentor" log output channel. Never log a token. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Mutual Mentor', { log: true });
}
