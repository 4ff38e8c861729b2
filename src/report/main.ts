// Entry of dist/report.cjs (the package's `mutual-mentor-report` bin): the command line of cli.ts on
// this process's arguments, environment and clock.
import { main } from './cli';

void main(process.argv.slice(2), {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  now: () => Date.now(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`report failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
