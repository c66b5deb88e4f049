import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ingestEntries, type AuthenticatedDevice } from '../gates/ingest.ts';
import {
  effectiveRetentionDays,
  purgeExpiredEntries,
  retentionDaysFromEnv,
  scheduleRetention,
  type PurgeResult,
} from './retention.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';

let gate: TestGate;
let device: AuthenticatedDevice;
const now = new Date('2026-11-25T02:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60_000).toISOString();

beforeEach(async () => {
  gate = await openTestGate();
  device = { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId };
});
afterEach(async () => {
  vi.useRealTimers();
  await gate.db.destroy();
});

async function storeAt(receivedAt: string, occurredAt: string, flags: ('fever' | 'no-mask')[] = []) {
  const record = makeEntryRecord(gate, { occurredAt, flags });
  await ingestEntries(gate.db, device, [record], receivedAt);
  return record.id;
}

const entryIds = async () => (await gate.db.selectFrom('entries').select('id').orderBy('id').execute()).map((r) => r.id);
const figures = () => gate.db.selectFrom('daily_figures').selectAll().orderBy('day').orderBy('hour').execute();

describe('purgeExpiredEntries', () => {
  it('deletes entries received before the cutoff, keeps newer ones and every daily figure', async () => {
    await storeAt(daysAgo(29), '2026-10-27T09:00:00.000+08:00', ['fever']);
    await storeAt(daysAgo(40), '2026-10-16T09:00:00.000+08:00');
    const recent = await storeAt(daysAgo(27), '2026-10-29T09:00:00.000+08:00', ['fever']);
    const before = await figures();
    expect(before.map((f) => [f.day, f.entries, f.fevers])).toEqual([
      ['2026-10-16', 1, 0],
      ['2026-10-27', 1, 1],
      ['2026-10-29', 1, 1],
    ]);

    const result = await purgeExpiredEntries(gate.db, { now, days: 28, batchSize: 1 });
    expect(result).toMatchObject({ deleted: 2, cutoff: daysAgo(28), days: 28 });
    expect(await entryIds()).toEqual([recent]);
    expect(await figures()).toEqual(before);
    const flagRows = await gate.db.selectFrom('entry_flags').select('entry_id').execute();
    expect(flagRows.map((r) => r.entry_id)).toEqual([recent]);
    const audit = await gate.db.selectFrom('audit_log').select(['action', 'detail']).execute();
    expect(audit).toEqual([{ action: 'retention.purge', detail: JSON.stringify({ cutoff: daysAgo(28), days: 28, deleted: 2 }) }]);
  });

  it('clears expired sessions too', async () => {
    await gate.db
      .insertInto('users')
      .values({ id: 'u1', username: 'x', password_hash: 'h', role: 'guard', created_at: daysAgo(2), disabled_at: null })
      .execute();
    await gate.db
      .insertInto('sessions')
      .values([
        { token_hash: 'expired', user_id: 'u1', created_at: daysAgo(2), expires_at: daysAgo(1) },
        { token_hash: 'live', user_id: 'u1', created_at: daysAgo(0), expires_at: new Date(now.getTime() + 60_000).toISOString() },
      ])
      .execute();
    expect((await purgeExpiredEntries(gate.db, { now, days: 28 })).sessionsDeleted).toBe(1);
    expect((await gate.db.selectFrom('sessions').select('token_hash').execute()).map((r) => r.token_hash)).toEqual(['live']);
  });
});

describe('how long entries are kept', () => {
  it('defaults to 28 days, reads CHECKPOINT_RETENTION_DAYS and refuses nonsense with the reason', () => {
    expect(retentionDaysFromEnv({})).toEqual({ ok: true, days: 28 });
    expect(retentionDaysFromEnv({ CHECKPOINT_RETENTION_DAYS: '14' })).toEqual({ ok: true, days: 14 });
    const bad = retentionDaysFromEnv({ CHECKPOINT_RETENTION_DAYS: '2 weeks' });
    expect(bad.ok === false && bad.reason).toContain('CHECKPOINT_RETENTION_DAYS');
  });

  it('lets a settings row override the configured days, and reports a broken row', async () => {
    expect(await effectiveRetentionDays(gate.db, 28)).toMatchObject({ ok: true, days: 28 });
    await gate.db.insertInto('settings').values({ name: 'retention_days', value: '7', updated_at: now.toISOString() }).execute();
    expect(await effectiveRetentionDays(gate.db, 28)).toMatchObject({ ok: true, days: 7, source: 'settings' });
    await gate.db.updateTable('settings').set({ value: '-1' }).execute();
    expect(await effectiveRetentionDays(gate.db, 28)).toMatchObject({ ok: false });
  });
});

describe('scheduleRetention', () => {
  it('purges at start and again on every interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const reports: PurgeResult[] = [];
    const schedule = scheduleRetention({
      db: gate.db,
      configuredDays: 28,
      now: () => now,
      intervalMs: 60_000,
      report: (outcome) => (outcome.ok ? reports.push(outcome.result) : expect.fail(outcome.reason)),
    });
    await schedule.idle();
    expect(reports.map((r) => r.deleted)).toEqual([0]);
    await storeAt(daysAgo(30), '2026-10-26T09:00:00.000+08:00');
    vi.advanceTimersByTime(60_000);
    await schedule.idle();
    expect(reports.map((r) => r.deleted)).toEqual([0, 1]);
    await schedule.stop();
    vi.advanceTimersByTime(120_000);
    expect(reports).toHaveLength(2);
  });

  it('reports a run that cannot read its settings, without throwing', async () => {
    const failures: string[] = [];
    await gate.db
      .insertInto('settings')
      .values({ name: 'retention_days', value: 'forever', updated_at: now.toISOString() })
      .execute();
    const schedule = scheduleRetention({
      db: gate.db,
      configuredDays: 28,
      now: () => now,
      report: (o) => (o.ok ? undefined : failures.push(o.reason)),
    });
    await schedule.stop();
    expect(failures).toEqual([expect.stringContaining('settings.retention_days')]);
  });
});
