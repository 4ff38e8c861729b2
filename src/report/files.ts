// Files of the report's command line: JSON read without trusting it (a missing file is `undefined`, a
// damaged one a warning for the caller), outputs and the cursor written atomically (a temporary file
// renamed over the old one), so an interrupted run never leaves half a cursor behind.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** More than this is not a file the report wrote. */
const MAX_FILE = 256 * 1024 * 1024;

/** The JSON in a file; undefined when there is no such file, the text itself when it does not parse. */
export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (text.length > MAX_FILE) return 'too large';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 100);
  }
}

export async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** Every `*.json` under a folder (artifacts download into one folder per artifact), with its JSON. */
export async function readShardDir(dir: string): Promise<{ name: string; json: unknown }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const out: { name: string; json: unknown }[] = [];
  for (const file of files.slice(0, 1024)) out.push({ name: path.relative(dir, file), json: await readJson(file) });
  return out;
}
