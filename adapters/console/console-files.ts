import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** As ConsoleChatPort.saveFile names a file: anything but letters, digits, `.`, `_`, `-` becomes `_`. */
const safe = (name: string) => name.replace(/[^\w.-]/g, '_');

/**
 * `/interview forget-me` in the terminal: deletes the files written for this person under the
 * console's files folder: each of their interviews' pictures (`<sessionId>-*`, as the evaluation
 * chart `<sessionId>-dimensions.png`) and their stats charts (`stats-<userId>-*`). Returns how many.
 */
export async function forgetConsoleFiles(dir: string, userId: string, sessionIds: readonly string[]): Promise<number> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const prefixes = [...sessionIds.map((id) => `${safe(id)}-`), `stats-${safe(userId)}-`];
  const mine = names.filter((name) => prefixes.some((p) => name.startsWith(p)));
  for (const name of mine) await rm(join(dir, name), { force: true });
  return mine.length;
}
