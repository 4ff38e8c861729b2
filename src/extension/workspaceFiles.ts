// Finds the local file an ask's anchor names: the path is relative to the repository root, which is
// one of the workspace folders (preferably the one named like the repository).
import * as vscode from 'vscode';
import type { CodeAnchor } from '../core/model';

export async function fileForAnchor(anchor: Pick<CodeAnchor, 'path' | 'repo'>): Promise<vscode.Uri | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const ordered = [...folders.filter((f) => f.name.toLowerCase() === anchor.repo.name.toLowerCase()), ...folders.filter((f) => f.name.toLowerCase() !== anchor.repo.name.toLowerCase())];
  const parts = anchor.path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return undefined; // an anchor never leaves its repository
  for (const folder of ordered) {
    const uri = vscode.Uri.joinPath(folder.uri, ...parts);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.File) return uri;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
