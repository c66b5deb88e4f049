import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Each server process notes its pid in <data folder>/run/ while it runs, so `npm run restore`
 * can refuse to replace a database under a running server. A process killed outright leaves its
 * file behind; a pid that no longer runs is not counted.
 */

function runDir(dataDir: string): string {
  return join(dataDir, 'run');
}

/** Notes this process; answers how to take the note away again. */
export function noteServerProcess(dataDir: string): () => void {
  mkdirSync(runDir(dataDir), { recursive: true, mode: 0o700 });
  const file = join(runDir(dataDir), `server-${process.pid}.pid`);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Server processes running on this data folder now (stale notes are removed). */
export function liveServerProcesses(dataDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(runDir(dataDir));
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = Number(/^server-(\d+)\.pid$/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (pid !== process.pid && isRunning(pid)) live.push(pid);
    else if (pid !== process.pid) rmSync(join(runDir(dataDir), name), { force: true });
  }
  return live;
}
