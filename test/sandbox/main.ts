// `npm run sandbox -- [--port <n>] [--seed default|demo] [--data-dir <dir>] [--poll-interval <s>]`
// Starts the GitHub sandbox on 127.0.0.1. The first stdout line is one JSON object:
//   {"url":"http://127.0.0.1:<n>","users":{"<login>":"<token>",…},"admin":"<admin token>"}
// then it serves until killed.
import { createSandbox } from './server';
import { seedDefault, seeds, type SeedName } from './seed';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const port = option('--port');
  const seed = (option('--seed') ?? 'default') as SeedName;
  if (!seeds.includes(seed)) throw new Error(`--seed must be one of ${seeds.join(', ')}`);
  if (port !== undefined && !/^\d+$/.test(port)) throw new Error('--port must be a number');
  const pollInterval = option('--poll-interval');
  const dataDir = option('--data-dir');
  const sandbox = await createSandbox({
    ...(port ? { port: Number(port) } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(pollInterval ? { pollInterval: Number(pollInterval) } : {}),
  });
  await seedDefault(sandbox);
  if (seed === 'demo') {
    const { seedDemo } = await import('./demoSeed');
    await seedDemo(sandbox);
  }
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, users: sandbox.users(), admin: sandbox.adminToken })}\n`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('sandbox:', error instanceof Error ? error.message : error);
  process.exit(1);
});
