// Finds the local file an ask's anchor names: the path is relative to the repository root, which is
// one of the workspace folders (preferably the one named like the repository). A received ask's path
// is the partner's text, so a path that would leave the folder ("../", absolute) finds nothing.
import * as vscode from 'vscode';
import { isSafeRelativePath, pickFolder } from '../core/exchanges';
import type { CodeAnchor } from '../core/model';

export async function fileForAnchor(anchor: Pick<CodeAnchor, 'path' | 'repo'>): Promise<vscode.Uri | undefined> {
  if (!isSafeRelativePath(anchor.path)) return undefined;
  const segments = anchor.path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '.');
  const found = await Promise.all(
    (vscode.workspace.workspaceFolders ?? []).map(async (folder) => {
      const uri = vscode.Uri.joinPath(folder.uri, ...segments);
      try {
        return (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File ? { name: folder.name, uri } : undefined;
      } catch {
        return undefined; // not in this folder
      }
    }),
  );
  const candidates = found.filter((c): c is { name: string; uri: vscode.Uri } => c !== undefined);
  return candidates[pickFolder(candidates, anchor.repo.name)]?.uri;
}
