// Starts and stops a real VS Code (code-server 4.100.3 = VS Code 1.100, the minimum the extension
// supports, or 4.139.1 = VS Code 1.139) for the integration tests and the demo (CONTRIBUTING.md
// §Integration tests). Everything it starts runs in its own
// process group with HOME, XDG_* and TMPDIR pointed into a per-run folder, and is stopped by stop().
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** code-server 4.100.3 is VS Code 1.100.3, the minimum in `engines.vscode`; the demo and a plain integration run use it. */
export const CODE_SERVER_VERSION = '4.100.3';
/** The newest VS Code the integration tests also run on (`npm test` runs both). */
export const LATEST_CODE_SERVER_VERSION = '4.139.1';
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Installs code-server (and the Node it needs) and its Debian packages when missing; returns the code-server package folder. */
export function ensureCodeServer(version: string = CODE_SERVER_VERSION): string {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts', 'install-code-server.sh'), version], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`installing code-server failed (exit ${result.status}); see the lines above`);
  const root = result.stdout.trim().split('\n').pop() ?? '';
  return path.join(root, 'node_modules', 'code-server');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The VS Code version inside a code-server package folder (from ensureCodeServer). */
export function vscodeVersionOf(codeServerDir: string): string {
  return (JSON.parse(readFileSync(path.join(codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8')) as { version: string }).version;
}

export interface CodeServerOptions {
  /** code-server's package folder (from ensureCodeServer). */
  readonly codeServerDir: string;
  /** A folder owned by this run: profile, extensions, HOME and TMPDIR go inside. */
  readonly runDir: string;
  readonly workspace: string;
  readonly port?: number;
  /** Extra environment; it reaches the extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra user settings. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /**
   * Settings for the Machine settings file, where machine-scoped settings of a remote window live: VS Code 1.139
   * drops a machine-scoped setting from the User settings file when it rewrites that file.
   */
  readonly machineSettings?: Readonly<Record<string, unknown>>;
  /**
   * Runs the server with VS Code's smoke-test driver (tests only): VS Code 1.139's page honours the
   * extension-development payload (extensionDevelopmentPath, extensionTestsPath) only with it; 1.100 runs the
   * same either way. With it VS Code shows no notification toasts, so it is no option for the demo.
   */
  readonly smokeTestDriver?: boolean;
  /** Receives code-server's own output lines. */
  readonly onOutput?: (line: string) => void;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly vscodeVersion: string;
  /** The workbench URL that opens the workspace, optionally with extension-development payload. */
  workbenchUrl(payload?: ReadonlyArray<readonly [string, string]>): string;
  stop(): Promise<void>;
}

const defaultSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  // VS Code 1.139 opens a Chat view in the secondary side bar, narrowing the editor and the panel.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function isolatedEnv(runDir: string): Record<string, string> {
  const home = path.join(runDir, 'home');
  const tmp = path.join(runDir, 'tmp');
  for (const dir of [home, tmp]) mkdirSync(dir, { recursive: true });
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_RUNTIME_DIR: tmp,
    TMPDIR: tmp,
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const { runDir } = options;
  const userData = path.join(runDir, 'ud');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2));
  if (options.machineSettings) {
    mkdirSync(path.join(userData, 'Machine'), { recursive: true });
    writeFileSync(path.join(userData, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
  }
  writeFileSync(path.join(runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const vscodeVersion = vscodeVersionOf(options.codeServerDir);
  // A code-server built for another Node major than the one running this (4.139.1 needs Node 24) has it beside it.
  const installedNode = path.join(options.codeServerDir, '..', '..', 'node');
  const node = existsSync(installedNode) ? installedNode : process.execPath;

  const args = [
    path.join(options.codeServerDir, 'out', 'node', 'entry.js'),
    '--config',
    path.join(runDir, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    path.join(runDir, 'exts'),
    '--ignore-last-opened',
    options.workspace,
  ];
  const child = spawn(node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...isolatedEnv(runDir),
      EXTENSIONS_GALLERY: '{}',
      ...(options.smokeTestDriver ? { VSCODE_OPTIONS: 'enable-smoke-test-driver' } : {}),
      ...options.env,
    },
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.onOutput?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    killGroup(child, 'SIGTERM');
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup(child, 'SIGKILL'); // children left in the group
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port,
    vscodeVersion,
    workbenchUrl(payload) {
      const query = new URLSearchParams({ folder: options.workspace });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${url}/?${query.toString()}`;
    },
    stop,
  };
}

/** The `vscode-remote://` form of a local path, with the authority the page is served from. */
export function remoteUri(server: CodeServer, absolutePath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
}
