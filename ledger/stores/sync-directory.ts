// Node only.
import { open } from 'node:fs/promises';

/** A new or renamed file's name lives in its directory: fsync the directory too, or a crash can lose the name. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
