// Real git behind the sandbox: bare repositories on disk, served over smart HTTP by
// `git http-backend` (so a workspace can clone and push), and pull request diffs, files and hunks
// computed by `git diff`, never canned.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface DiffLine {
  readonly kind: ' ' | '+' | '-';
  readonly text: string;
  /** Line number in the old file (context and removed lines). */
  readonly oldLine: number | null;
  /** Line number in the new file (context and added lines). */
  readonly newLine: number | null;
  /** GitHub's diff position: lines below the file's first @@ header, counting later headers too. */
  readonly position: number;
}

export interface Hunk {
  readonly header: string;
  readonly headerPosition: number;
  readonly lines: readonly DiffLine[];
}

export interface FileDiff {
  readonly filename: string;
  readonly previousFilename: string | null;
  readonly status: 'added' | 'removed' | 'modified' | 'renamed';
  readonly additions: number;
  readonly deletions: number;
  /** The unified diff text from the first @@ on, as GitHub's `patch`; absent for binary files. */
  readonly patch: string | null;
  readonly hunks: readonly Hunk[];
}

export interface Signature {
  readonly name: string;
  readonly email: string;
}

async function git(cwd: string | undefined, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await exec('git', args as string[], {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function authorEnv(sig: Signature, date?: string): NodeJS.ProcessEnv {
  return {
    GIT_AUTHOR_NAME: sig.name,
    GIT_AUTHOR_EMAIL: sig.email,
    GIT_COMMITTER_NAME: sig.name,
    GIT_COMMITTER_EMAIL: sig.email,
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  };
}

/** Parses `git diff` output into files and hunks with GitHub's diff positions. */
export function parseDiff(output: string): FileDiff[] {
  const files: FileDiff[] = [];
  const chunks = output.split(/^diff --git /m).slice(1);
  for (const chunk of chunks) {
    const lines = chunk.split('\n');
    const header = lines[0] ?? '';
    let oldPath: string | null = null;
    let newPath: string | null = null;
    let status: FileDiff['status'] = 'modified';
    let i = 1;
    let binary = false;
    for (; i < lines.length && !lines[i].startsWith('@@'); i++) {
      const line = lines[i];
      if (line.startsWith('--- ')) oldPath = line === '--- /dev/null' ? null : line.slice(6);
      else if (line.startsWith('+++ ')) newPath = line === '+++ /dev/null' ? null : line.slice(6);
      else if (line.startsWith('new file mode')) status = 'added';
      else if (line.startsWith('deleted file mode')) status = 'removed';
      else if (line.startsWith('rename from ')) {
        oldPath = line.slice(12);
        status = 'renamed';
      } else if (line.startsWith('rename to ')) newPath = line.slice(10);
      else if (line.startsWith('Binary files')) binary = true;
    }
    const b = header.startsWith('a/') ? header.lastIndexOf(' b/') : -1;
    const filename = newPath ?? oldPath ?? (b > 0 ? header.slice(b + 3) : header);
    const hunks: Hunk[] = [];
    const patchLines: string[] = [];
    let position = 0;
    let additions = 0;
    let deletions = 0;
    let current: { header: string; headerPosition: number; lines: DiffLine[] } | undefined;
    let oldLine = 0;
    let newLine = 0;
    for (; i < lines.length; i++) {
      const line = lines[i];
      const h = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      if (h) {
        if (current) position++; // later hunk headers count as positions
        current = { header: line, headerPosition: position, lines: [] };
        hunks.push(current);
        oldLine = Number(h[1]);
        newLine = Number(h[2]);
        patchLines.push(line);
        continue;
      }
      if (!current || line.startsWith('\\')) {
        if (current && line.startsWith('\\')) patchLines.push(line);
        continue;
      }
      const kind = line[0];
      if (kind !== ' ' && kind !== '+' && kind !== '-') continue;
      position++;
      patchLines.push(line);
      if (kind === '+') {
        additions++;
        current.lines.push({ kind, text: line.slice(1), oldLine: null, newLine: newLine++, position });
      } else if (kind === '-') {
        deletions++;
        current.lines.push({ kind, text: line.slice(1), oldLine: oldLine++, newLine: null, position });
      } else {
        current.lines.push({ kind, text: line.slice(1), oldLine: oldLine++, newLine: newLine++, position });
      }
    }
    files.push({
      filename,
      previousFilename: status === 'renamed' ? oldPath : null,
      status,
      additions,
      deletions,
      patch: binary || hunks.length === 0 ? null : patchLines.join('\n'),
      hunks,
    });
  }
  return files;
}

/** The line of a file's diff at a line number on one side, or undefined when the line is not in the diff. */
export function findDiffLine(file: FileDiff, line: number, side: 'LEFT' | 'RIGHT'): { hunk: Hunk; line: DiffLine } | undefined {
  for (const hunk of file.hunks) {
    for (const l of hunk.lines) {
      if (side === 'RIGHT' ? l.newLine === line && l.kind !== '-' : l.oldLine === line && l.kind !== '+') return { hunk, line: l };
    }
  }
  return undefined;
}

/** GitHub's `diff_hunk` for a comment: the hunk header and the hunk's lines up to the commented one. */
export function diffHunkUpTo(hunk: Hunk, target: DiffLine): string {
  const out = [hunk.header];
  for (const l of hunk.lines) {
    out.push(`${l.kind}${l.text}`);
    if (l === target) break;
  }
  return out.join('\n');
}

export class GitService {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  gitDir(owner: string, name: string): string {
    return path.join(this.root, owner.toLowerCase(), `${name.toLowerCase()}.git`);
  }

  /** Creates a bare repository whose default branch holds the given files in one commit. */
  async createRepo(owner: string, name: string, defaultBranch: string, files: Readonly<Record<string, string>>, author: Signature): Promise<string> {
    const dir = this.gitDir(owner, name);
    mkdirSync(dir, { recursive: true });
    await git(dir, ['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`]);
    await git(dir, ['config', 'http.receivepack', 'true']);
    await git(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
    if (Object.keys(files).length > 0) await this.commit(dir, defaultBranch, null, files, 'Initial commit', author);
    return dir;
  }

  /**
   * Commits files (content, or null to delete) on top of `parentRef` (or as a root commit) and points
   * `branch` at the result. Returns the new commit's sha.
   */
  async commit(
    gitDir: string,
    branch: string,
    parentRef: string | null,
    files: Readonly<Record<string, string | null>>,
    message: string,
    author: Signature,
  ): Promise<string> {
    const work = mkdtempSync(path.join(this.root, '.work-'));
    try {
      const env = { GIT_DIR: gitDir, GIT_WORK_TREE: work, GIT_INDEX_FILE: path.join(work, '.index'), ...authorEnv(author) };
      if (parentRef) await git(work, ['read-tree', parentRef], env);
      for (const [file, content] of Object.entries(files)) {
        if (content === null) {
          await git(work, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--', file], env);
          continue;
        }
        const abs = path.join(work, file);
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, content);
        await git(work, ['add', '--', file], env);
      }
      const tree = (await git(work, ['write-tree'], env)).trim();
      const parentArgs = parentRef ? ['-p', (await git(work, ['rev-parse', parentRef], env)).trim()] : [];
      const sha = (await git(work, ['commit-tree', tree, ...parentArgs, '-m', message], env)).trim();
      await git(work, ['update-ref', `refs/heads/${branch}`, sha], env);
      return sha;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  async resolve(gitDir: string, ref: string): Promise<string | undefined> {
    try {
      return (await git(gitDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async branches(gitDir: string): Promise<Map<string, string>> {
    const out = await git(gitDir, ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads']);
    return new Map(
      out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ') as [string, string]),
    );
  }

  async mergeBase(gitDir: string, a: string, b: string): Promise<string> {
    return (await git(gitDir, ['merge-base', a, b])).trim();
  }

  /** The pull request diff: base...head, with renames. */
  async diff(gitDir: string, base: string, head: string): Promise<FileDiff[]> {
    const mergeBase = await this.mergeBase(gitDir, base, head);
    return parseDiff(await git(gitDir, ['diff', '--no-color', '--no-ext-diff', '-M', mergeBase, head]));
  }

  async fileAt(gitDir: string, sha: string, file: string): Promise<string | undefined> {
    try {
      return await git(gitDir, ['show', `${sha}:${file}`]);
    } catch {
      return undefined;
    }
  }

  async commitInfo(
    gitDir: string,
    sha: string,
  ): Promise<{ sha: string; tree: string; parents: string[]; author: Signature & { date: string }; message: string }> {
    const out = await git(gitDir, ['show', '-s', '--format=%H%n%T%n%P%n%an%n%ae%n%aI%n%B', sha]);
    const [h, tree, parents, name, email, date, ...message] = out.split('\n');
    return {
      sha: h ?? sha,
      tree: tree ?? '',
      parents: (parents ?? '').split(' ').filter(Boolean),
      author: { name: name ?? '', email: email ?? '', date: date ?? '' },
      message: message.join('\n').trim(),
    };
  }

  /**
   * Serves one smart-HTTP request (`/<owner>/<name>.git/...`) through `git http-backend` (CGI).
   * `remoteUser` is the authenticated login; pushes are refused without one.
   */
  serveHttp(req: IncomingMessage, res: ServerResponse, pathInfo: string, query: string, remoteUser: string | undefined, body: Buffer): Promise<void> {
    return new Promise((resolve) => {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
        PATH_INFO: pathInfo,
        QUERY_STRING: query,
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(body.length),
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
        ...(remoteUser ? { REMOTE_USER: remoteUser } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
      };
      const child = spawn('git', ['http-backend'], { env });
      const out: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', () => undefined);
      child.on('close', () => {
        const all = Buffer.concat(out);
        const split = all.indexOf('\r\n\r\n') >= 0 ? all.indexOf('\r\n\r\n') : all.indexOf('\n\n');
        const sep = all.indexOf('\r\n\r\n') >= 0 ? 4 : 2;
        const head = split >= 0 ? all.subarray(0, split).toString() : '';
        let status = 200;
        const headers: Record<string, string> = {};
        for (const line of head.split(/\r?\n/)) {
          const at = line.indexOf(':');
          if (at < 0) continue;
          const key = line.slice(0, at).trim();
          const value = line.slice(at + 1).trim();
          if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
          else headers[key] = value;
        }
        res.writeHead(status, headers);
        res.end(split >= 0 ? all.subarray(split + sep) : all);
        resolve();
      });
      // git may exit before it has read the body (a refused request): its output says what happened,
      // and a broken pipe on its stdin must not become an uncaught error in the sandbox.
      child.stdin.on('error', () => undefined);
      child.stdin.end(body);
    });
  }
}
