import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEntryRecord } from '../support/entry-record.ts';
import { gateFetch } from '../support/gate-screen.ts';
import { handOverUntilAnswered, spoolStatus } from './batch-sender.ts';
import { startGateProcess, writeGateConfig, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/** Every file and folder under `dir` (itself included) with its permission bits, e.g. `['spool.sqlite', '600']`. */
function modes(dir: string): [string, string, boolean][] {
  const found: [string, string, boolean][] = [['.', (statSync(dir).mode & 0o777).toString(8), true]];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    try {
      const stats = statSync(join(dir, name));
      found.push([name, (stats.mode & 0o777).toString(8), stats.isDirectory()]);
    } catch {
      // A -journal or .tmp file that SQLite or a cache write removed between the listing and the look.
    }
  }
  return found;
}

/**
 * Drill: a real gate process on a data folder it creates itself (as on a new gate PC), paired with
 * a screen, handed entries it forwards to a real server, asked for the roster and heard by the
 * server's heartbeat; then every file it wrote — the spool and the pairing store with their SQLite
 * side files, the roster and device-configuration caches, the server-database note — is 0600 and
 * every folder 0700, while it runs and after it stops. The gate writes no log file: it logs to
 * stdout for the service manager's journal.
 */
describe('the files a gate writes', () => {
  let server: ServerProcess;
  let gate: GateProcess;
  let dataDir: string;

  beforeAll(async () => {
    server = await startServerProcess({ logLevel: 'warn' });
    dataDir = join(mkdtempSync(join(tmpdir(), 'checkpoint-drill-modes-')), 'new-gate');
    gate = await startGateProcess(server.dataDir, server.url, writeGateConfig(server, { dataDir }));
  }, 120_000);

  afterAll(async () => {
    await gate?.stop();
    await server?.stop();
  });

  it('are readable by the gate’s user only: 0600 files in 0700 folders, running and stopped', async () => {
    const entries = Array.from({ length: 5 }, () => makeEntryRecord(server.gate));
    const { results } = await handOverUntilAnswered(gate.url, entries);
    expect(results.map((r) => r.status)).toEqual(entries.map(() => 'kept'));
    await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 60_000 }).toBe(0);
    expect((await gateFetch(`${gate.url}/uplink/roster`)).status).toBe(200);

    const running = modes(dataDir);
    expect(running.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'spool.sqlite',
        'spool.sqlite-wal',
        'spool.sqlite-shm',
        'screens.sqlite',
        'screens.sqlite-wal',
        'screens.sqlite-shm',
        'roster.json',
        'device-config.json',
      ]),
    );
    for (const [name, mode, directory] of running) expect([name, mode]).toEqual([name, directory ? '700' : '600']);

    await gate.stop();
    const stopped = modes(dataDir);
    expect(stopped.map(([name]) => name)).toEqual(expect.arrayContaining(['spool.sqlite', 'screens.sqlite', 'roster.json']));
    for (const [name, mode, directory] of stopped) expect([name, mode]).toEqual([name, directory ? '700' : '600']);
    expect(gate.output()).not.toMatch(/EACCES|EPERM/);
  }, 120_000);
});
