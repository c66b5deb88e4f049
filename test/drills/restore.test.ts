import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../protocol/entry.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { runCli } from '../support/system.ts';
import { handOverUntilAnswered, LONG, spoolStatus, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { createDrillDatabase, startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill (docs/operations.md, "Recovery from the gates"): entries go the real way — handed over to
 * the gate service as the kiosk hands them, kept in its spool, forwarded to the community server —
 * a backup is taken with `npm run backup` while more arrive, more are ingested after it, then the
 * server is SIGKILLed, `npm run restore` puts the backup back and the server starts again on it.
 * The restored database has lost what came after the backup; the gate hears the new database
 * identity on its heartbeat and offers its answered entries again. Counted by id on the gate's
 * spool file and in the server's database (and through the review API): lost 0, doubled 0.
 * The long run repeats it, and its last round restores the oldest backup, not the newest.
 */

const ROUNDS = LONG ? 4 : 1;
const PER_STEP = LONG ? 1_200 : 200;
const HAND_OVER = 100;

async function handOver(gate: GateProcess, records: EntryRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += HAND_OVER) {
    const { results } = await handOverUntilAnswered(gate.url, records.slice(start, start + HAND_OVER));
    expect(results.filter((result) => result.status === 'refused')).toEqual([]);
  }
}

async function drained(gate: GateProcess): Promise<void> {
  await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 120_000, interval: 200 }).toBe(0);
}

describe.each(['sqlite', 'postgres'] as const)('restore drill on %s', (kind) => {
  let server: ServerProcess;
  let gate: GateProcess;
  let cluster: PostgresCluster | null = null;
  let env: Record<string, string>;
  let keyFile: string;

  beforeAll(async () => {
    if (kind === 'postgres') cluster = await startPostgresCluster();
    const databaseUrl = cluster ? await createDrillDatabase(cluster, 'checkpoint_restore') : '';
    server = await startServerProcess({ databaseUrl });
    env = { CHECKPOINT_DATA_DIR: server.dataDir, DATABASE_URL: databaseUrl };
    keyFile = join(mkdtempSync(join(tmpdir(), 'cp-operator-')), 'backup.key');
    const keygen = await runCli('server/operations/backup-cli.ts', ['keygen', '--identity-out', keyFile], env);
    expect(keygen.code, keygen.output).toBe(0);
    gate = await startGateProcess(server.dataDir, server.url, {
      spool: { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 1_000 },
      heartbeatMs: 1_000,
    });
  }, 180_000);
  afterAll(async () => {
    await gate?.stop();
    await server?.stop();
    await cluster?.stop();
  });

  it(
    `refills a restored server from the gate, ${ROUNDS} round(s): lost 0, doubled 0 on the gate's spool and the server's database`,
    async () => {
      const seeded = new Set(await server.storedEntryIds());
      const sent: string[] = [];
      const backups: string[] = [];
      const newRecords = (n: number) => {
        const records = Array.from({ length: n }, () => makeEntryRecord(server.gate, { occurredAt: new Date().toISOString() }));
        sent.push(...records.map((record) => record.id));
        return records;
      };
      const onServer = async () => (await server.storedEntryIds()).filter((id) => !seeded.has(id));
      let reoffers = 0;
      let lostByRestore = 0;

      for (let round = 0; round < ROUNDS; round++) {
        await handOver(gate, newRecords(PER_STEP));
        await drained(gate);

        // An online backup, with entries still arriving while it is taken.
        const [backup] = await Promise.all([
          runCli('server/operations/backup-cli.ts', [], env),
          handOver(gate, newRecords(PER_STEP / 2)),
        ]);
        expect(backup.code, backup.output).toBe(0);
        backups.push(/^(\S+\.age):/m.exec(backup.output)![1]!);

        await handOver(gate, newRecords(PER_STEP));
        await drained(gate);
        const beforeKill = await onServer();
        expect(tally(sent, beforeKill)).toMatchObject({ lost: 0, doubled: 0, strangers: 0 });

        // The disk dies: the server goes down hard; the gate keeps taking entries meanwhile.
        await server.kill();
        await handOver(gate, newRecords(PER_STEP / 4));
        const fromBackup = LONG && round === ROUNDS - 1 ? backups[0]! : backups.at(-1)!;
        const restore = await runCli('server/operations/restore-cli.ts', [fromBackup, '--identity', keyFile], env);
        expect(restore.code, restore.output).toBe(0);
        expect(restore.output).toMatch(/New database identity/);
        // The backup really is behind: it lacks entries the server had answered.
        const restoredEntries = Number(/\((\d+) entries\)/.exec(restore.output)![1]) - seeded.size;
        expect(restoredEntries).toBeLessThan(beforeKill.length);
        lostByRestore += beforeKill.length - restoredEntries;
        await server.start();

        // The restored database lacks what came after its backup, until the gate offers it again.
        const offeredBefore = gate.output().match(/offering \d+ entries again/g)?.length ?? 0;
        await expect.poll(async () => tally(sent, await onServer()).lost, { timeout: 120_000, interval: 500 }).toBe(0);
        await drained(gate);
        const offered = gate.output().match(/offering (\d+) entries again/g) ?? [];
        expect(offered.length).toBeGreaterThan(offeredBefore);
        reoffers = offered.length;
      }

      // Life goes on after the restore.
      await handOver(gate, newRecords(PER_STEP / 4));
      await drained(gate);
      expect((await spoolStatus(gate.url)).rejected).toBe(0);

      const verdict = { sent: sent.length, found: sent.length, lost: 0, doubled: 0, strangers: 0 };
      expect(tally(sent, await onServer())).toEqual(verdict);
      expect(tally(sent, gate.spoolIds())).toEqual(verdict);
      const admin = server.accounts.find((account) => account.role === 'admin')!;
      const shown = (await allEntries(server.url, await signInApi(server.url, admin))).map((entry) => entry.id);
      expect(
        tally(
          sent,
          shown.filter((id) => !seeded.has(id)),
        ),
      ).toEqual(verdict);
      console.info(
        `restore drill (${kind}): ${ROUNDS} restore(s) from ${backups.length} backups, ${lostByRestore} entries not in the backup restored, ${reoffers} re-offer(s) by the gate; handed over ${sent.length}, on the gate ${sent.length}, on the server ${sent.length}, lost 0, doubled 0`,
      );
    },
    LONG ? 1_800_000 : 300_000,
  );
});
