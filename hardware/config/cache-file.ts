import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { GateLogger } from '../service/gate-logger.ts';

/**
 * Write then rename: a power cut mid-write leaves the old file or the new one, never half of one.
 * Mode 0600 in folders it makes 0700: what the gate caches (keys, the roster) is for the gate's user only.
 */
export async function writeCacheFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(`${path}.tmp`, text, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

/** The cached JSON if the file is there and sound; a file that is not is reported and ignored. */
export async function readCacheFile<T>(path: string, schema: z.ZodType<T>, what: string, logger: GateLogger): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Reported below like any other unusable cache.
  }
  logger.warn(`ignoring an unusable cached ${what} in ${path}`);
  return null;
}
