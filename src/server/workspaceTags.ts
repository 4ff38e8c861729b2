// Unsent tags across the workspace folders: files on disk, except that an open document's current
// text (edited, maybe unsaved) wins over what is on disk. Cancellable; scanning never blocks requests.
// The client may name a ripgrep binary and allow git grep (Session.searchers) to list the candidates.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import { scanFoldersWith, type Searchers } from '../core/tags/fastScan';
import type { AskTag } from '../core/tags/parse';
import type { WorkspaceTagsResult } from '../shared/lspProtocol';
import { tagRange } from './tagFeatures';

export interface OpenDocument {
  readonly uri: string;
  readonly tags: readonly AskTag[];
}

/** A file: URI's path, or undefined for other schemes (untitled, virtual). */
export function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export async function workspaceTags(
  folders: readonly string[],
  open: readonly OpenDocument[],
  exclude: readonly string[],
  signal?: AbortSignal,
  searchers: Searchers = {},
): Promise<WorkspaceTagsResult> {
  // ripgrep or git grep lists the files that may hold tags where one runs; else every file is read.
  const scanned = await scanFoldersWith(folders, searchers, { exclude, ...(signal ? { signal } : {}) });
  const openPaths = new Map(open.map((d) => [filePath(d.uri) ?? d.uri, d]));
  const files = scanned.files.filter((f) => !openPaths.has(f.path)).map((f) => ({ uri: pathToFileURL(f.path).href, tags: f.tags }));
  const inFolders = (p: string) => folders.some((f) => p.startsWith(f.endsWith('/') || f.endsWith('\\') ? f : `${f}${p.includes('\\') ? '\\' : '/'}`));
  for (const [p, d] of openPaths) {
    if (d.tags.length > 0 && inFolders(p)) files.push({ uri: d.uri, tags: d.tags });
  }
  return { files, truncated: scanned.truncated };
}

/** workspace/symbol: the tags whose question or login contains the query (case-insensitive). */
export function tagSymbolsMatching(result: WorkspaceTagsResult, query: string): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const out: SymbolInformation[] = [];
  for (const file of result.files) {
    for (const tag of file.tags) {
      const name = `ASK ${tag.login ? `@${tag.login}` : 'partner'}: ${tag.question}`.slice(0, 200);
      if (q && !name.toLowerCase().includes(q)) continue;
      out.push({ name, kind: SymbolKind.Event, location: { uri: file.uri, range: tagRange(tag) }, containerName: 'not sent' });
    }
  }
  return out;
}
