import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InterviewPlatformError } from '../domain/errors.js';

// One process at a time on an embedded database folder: PGlite is a single-process database, and
// two processes on one folder lose writes or crash. A pid file created exclusively holds the
// folder; one left by a process that died is taken over. (A hand-written file, not a library:
// the message must name the holding process, which lock libraries do not record.)
const FILE = 'mock-interview.pid';

interface Holder {
  pid: number;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder for this process; resolves with the release. Throws CONFLICT naming the holder. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, FILE);
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies Holder);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(mine);
      await handle.close();
      return async () => {
        if ((await readFile(path, 'utf8').catch(() => '')) === mine) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = parse(await readFile(path, 'utf8').catch(() => ''));
    if (holder && holder.pid !== process.pid && alive(holder.pid)) {
      throw new InterviewPlatformError('CONFLICT', `The data folder ${dir} is in use by process ${holder.pid} (running since ${holder.startedAt}).`, {
        userMessage: `The data folder ${dir} is in use by process ${holder.pid} (running since ${holder.startedAt}). Stop that process first, or set DATA_DIR to another folder.`,
        context: { data_dir: dir, pid: holder.pid },
      });
    }
    // Left by a process that is gone (or unreadable): take it over.
    await unlink(path).catch(() => undefined);
  }
  throw new InterviewPlatformError('CONFLICT', `Could not take the data folder ${dir}`, { userMessage: `Could not take the data folder ${dir}; another process keeps claiming it.`, context: { data_dir: dir } });
}

function parse(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Holder;
    return Number.isInteger(value.pid) ? value : null;
  } catch {
    return null;
  }
}
