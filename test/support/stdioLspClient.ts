// A minimal JSON-RPC client over stdio with LSP's Content-Length framing, used to talk to the
// language server as any editor would. No vscode-languageclient involved. It keeps the server's
// notifications (publishDiagnostics…) for tests to wait on, and answers the server's requests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Notification {
  readonly method: string;
  readonly params: unknown;
}

interface Waiter {
  matches(n: Notification): boolean;
  resolve(n: Notification): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class StdioLspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, (params: unknown) => unknown>();
  private waiters: Waiter[] = [];
  /** Every notification the server sent, in order. */
  readonly notifications: Notification[] = [];
  /** The server's requests, in order (answered by `onRequest` handlers, else with null). */
  readonly serverRequests: Notification[] = [];
  stderr = '';

  constructor(command: string, args: readonly string[], cwd: string) {
    this.child = spawn(command, args, { cwd, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited with ${code}: ${this.stderr}`));
      this.pending.clear();
    });
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Answers the server's requests of this method (returned value or promise is the result). */
  onRequest(method: string, handler: (params: unknown) => unknown): void {
    this.handlers.set(method, handler);
  }

  /** The first notification (already received or coming) of this method that matches. */
  waitForNotification(method: string, matches: (params: unknown) => boolean = () => true, timeoutMs = 5000): Promise<Notification> {
    const test = (n: Notification) => n.method === method && matches(n.params);
    const seen = this.notifications.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} notification within ${timeoutMs} ms; got ${JSON.stringify(this.notifications.map((n) => n.method))}`));
      }, timeoutMs);
      const waiter: Waiter = {
        matches: test,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the exit code once the process ends. */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  kill(): void {
    this.child.kill();
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1];
      if (!length) throw new Error('LSP message without Content-Length');
      const end = headerEnd + 4 + Number(length);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, end).toString('utf8')) as {
        id?: number | string;
        method?: string;
        params?: unknown;
        result?: unknown;
        error?: { message: string };
      };
      this.buffer = this.buffer.subarray(end);
      if (message.method !== undefined && message.id !== undefined) {
        this.answer(message.id, message.method, message.params);
      } else if (message.method !== undefined) {
        const n = { method: message.method, params: message.params };
        this.notifications.push(n);
        for (const w of this.waiters.filter((x) => x.matches(n))) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(n);
        }
      } else if (typeof message.id === 'number' && this.pending.has(message.id)) {
        const p = this.pending.get(message.id)!;
        this.pending.delete(message.id);
        if (message.error) p.reject(new Error(message.error.message));
        else p.resolve(message.result);
      }
    }
  }

  private answer(id: number | string, method: string, params: unknown): void {
    this.serverRequests.push({ method, params });
    const handler = this.handlers.get(method);
    Promise.resolve(handler ? handler(params) : null).then(
      (result) => this.send({ jsonrpc: '2.0', id, result: result ?? null }),
      (error: unknown) => this.send({ jsonrpc: '2.0', id, error: { code: -32603, message: String(error) } }),
    );
  }
}
