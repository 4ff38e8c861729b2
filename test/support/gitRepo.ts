// A real git repository in a temporary folder, for tests of code that runs git (anchors, renames).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
/** git's environment for tests: no prompts, a fixed author and committer. */
export const gitEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

export class GitRepo {
  private constructor(readonly root: string) {}

  static async create(prefix = 'mm-repo-'): Promise<GitRepo> {
    const root = await mkdtemp(path.join(os.tmpdir(), prefix));
    const repo = new GitRepo(root);
    await repo.git('init', '--quiet', '-b', 'main');
    return repo;
  }

  async git(...args: string[]): Promise<string> {
    return (await exec('git', args, { cwd: this.root, env: gitEnv, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
  }

  async write(file: string, text: string): Promise<void> {
    await mkdir(path.dirname(path.join(this.root, file)), { recursive: true });
    await writeFile(path.join(this.root, file), text);
  }

  async remove(file: string): Promise<void> {
    await rm(path.join(this.root, file), { force: true });
  }

  /** Commits everything and returns the commit's id. */
  async commit(message: string): Promise<string> {
    await this.git('add', '-A');
    await this.git('commit', '--quiet', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** A reader like the extension's: the file on disk, undefined when there is none. */
  readonly textOf = (file: string): Promise<string | undefined> => readFile(path.join(this.root, file), 'utf8').catch(() => undefined);

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
