// Runs the `git` CLI asynchronously in a workspace folder. Never synchronous: a blocking call would
// freeze the extension host (and deadlock against a git server running in the same process).
// Callers must only run it in a trusted workspace: a repository's config can name programs git runs.
import { execFile } from 'node:child_process';

export interface GitResult {
  readonly ok: boolean;
  /** The exit code; 0 when ok. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} failed (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitError';
  }
}

const ENV = {
  GIT_TERMINAL_PROMPT: '0', // never wait for credentials on a terminal nobody sees
  GIT_OPTIONAL_LOCKS: '0', // read-only commands must not take the index lock from the user's own git
};

/**
 * Runs git in `cwd`. Resolves with `ok: false` when git exits non-zero (the caller decides what that
 * means); rejects only when git cannot be started at all.
 */
export function runGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  const full = ['-c', 'core.quotepath=off', '--literal-pathspecs', ...args];
  return new Promise((resolve, reject) => {
    execFile('git', full, { cwd, env: { ...process.env, ...ENV }, maxBuffer: 32 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, code: 0, stdout, stderr });
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number') return resolve({ ok: false, code, stdout, stderr });
      reject(error instanceof Error ? error : new Error(error.message)); // git could not be started (not installed, cwd missing)
    });
  });
}

/** Runs git and returns its trimmed output, throwing a GitError when it fails. */
export async function gitOutput(cwd: string, args: readonly string[]): Promise<string> {
  const result = await runGit(cwd, args);
  if (!result.ok) throw new GitError(args, result.code, result.stderr);
  return result.stdout.trim();
}

/**
 * Like runGit, but gives up after `timeoutMs` (git is killed): resolves with ok false, code -1 and
 * "timed out" in stderr, so a slow repository degrades a caller instead of hanging it.
 */
export function runGitBounded(cwd: string, args: readonly string[], timeoutMs: number): Promise<GitResult> {
  const full = ['-c', 'core.quotepath=off', '--literal-pathspecs', ...args];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      full,
      { cwd, env: { ...process.env, ...ENV }, maxBuffer: 32 * 1024 * 1024, windowsHide: true, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, code: 0, stdout, stderr });
        const { code, killed } = error as { code?: unknown; killed?: boolean };
        if (typeof code === 'number') return resolve({ ok: false, code, stdout, stderr });
        if (killed) return resolve({ ok: false, code: -1, stdout, stderr: `timed out after ${timeoutMs} ms` });
        reject(error instanceof Error ? error : new Error(error.message));
      },
    );
  });
}

/**
 * Runs git with `input` on its stdin (`cat-file --batch`), bounded in time and output like
 * runGitBounded; stdout comes back as bytes (blob sizes are in bytes).
 */
export function runGitWithInput(
  cwd: string,
  args: readonly string[],
  input: string,
  timeoutMs: number,
  maxBytes = 64 * 1024 * 1024,
): Promise<{ ok: boolean; stdout: Buffer }> {
  const full = ['-c', 'core.quotepath=off', '--literal-pathspecs', ...args];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      full,
      { cwd, env: { ...process.env, ...ENV }, maxBuffer: maxBytes, windowsHide: true, timeout: timeoutMs, encoding: 'buffer' },
      (error, stdout) => {
        if (!error) return resolve({ ok: true, stdout });
        const { code, killed } = error as { code?: unknown; killed?: boolean };
        if (typeof code === 'number' || killed || (error as { code?: unknown }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          return resolve({ ok: false, stdout });
        reject(error instanceof Error ? error : new Error('git could not start'));
      },
    );
    child.stdin?.on('error', () => undefined); // git may exit before reading it all
    child.stdin?.end(input);
  });
}
