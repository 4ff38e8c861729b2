// Entry of the npm scripts that must work on a fresh clone (npm test, npm run demo, …):
// installs the npm dependencies when node_modules is missing or package-lock.json changed,
// then runs the given TypeScript script with tsx. Plain Node, no dependencies of its own.
// Usage: node scripts/bootstrap.cjs <script.ts> [args…]
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const stamp = path.join(repo, 'node_modules', '.mutual-mentor-lock-hash');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function ensureDependencies() {
  const lockHash = createHash('sha256')
    .update(fs.readFileSync(path.join(repo, 'package-lock.json')))
    .digest('hex');
  const installed = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
  if (installed === lockHash && fs.existsSync(path.join(repo, 'node_modules', '.bin', 'tsx'))) return;
  console.error('[bootstrap] installing npm dependencies (npm ci)…');
  // npm's output goes to stderr: a script's stdout may be a protocol (the sandbox's first line is JSON).
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: repo, stdio: ['ignore', process.stderr, 'inherit'] });
  if (result.status !== 0) {
    console.error('[bootstrap] npm ci failed; fix the error above and run the command again.');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(stamp, `${lockHash}\n`);
}

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/bootstrap.cjs <script.ts> [args…]');
  process.exit(2);
}
ensureDependencies();
const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(repo, script), ...args], { cwd: repo, stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal's process group; wait for it to clean up.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
