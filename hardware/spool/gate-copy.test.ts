import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { ANSWERED_KEEP_DAYS, GateCopy } from './gate-copy.ts';

const device = { deviceId: 'gate-east-1', gateId: 'gate-east' };
const dirs: string[] = [];
const copies: GateCopy[] = [];

afterEach(() => {
  for (const copy of copies.splice(0)) copy.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir = mkdtempSync(join(tmpdir(), 'checkpoint-gate-copy-'))): GateCopy {
  if (!dirs.includes(dir)) dirs.push(dir);
  const copy = new GateCopy(dir);
  copies.push(copy);
  return copy;
}

const at = new Date('2026-11-25T08:00:00.000Z');

describe('the gate copy of the kiosk journal', () => {
  it('keeps each entry once however often it is handed over, and gives it back whole', () => {
    const copy = open();
    const [a, b] = [makeEntryRecord(device), makeEntryRecord(device, { flags: ['fever'] })];
    expect(copy.keep([a], at)).toBe(1);
    expect(copy.keep([a, b], at)).toBe(1);
    expect(copy.keep([b, a], at)).toBe(0);
    expect(copy.ids()).toEqual([a.id, b.id].sort());
    expect(copy.lookup([b.id, 'not-held', a.id])).toEqual([
      { record: b, outcome: null, reason: null, answeredAt: null },
      { record: a, outcome: null, reason: null, answeredAt: null },
    ]);
    expect(copy.counts()).toEqual({ held: 2, unanswered: 2 });
  });

  it('notes the server answers, and a later "stored" wins over an earlier refusal but never the reverse', () => {
    const copy = open();
    const [a, b, c] = [makeEntryRecord(device), makeEntryRecord(device), makeEntryRecord(device)];
    copy.keep([a, b, c], at);
    copy.answered(
      [
        { index: 0, id: a.id, status: 'stored' },
        { index: 1, id: b.id, status: 'rejected', reason: 'occurredAt: too far in the future' },
        { index: 2, id: null, status: 'rejected', reason: 'not an entry' },
      ],
      at,
    );
    const later = new Date(at.getTime() + 60_000);
    copy.answered(
      [
        { index: 0, id: a.id, status: 'rejected', reason: 'stricter rule' },
        { index: 1, id: b.id, status: 'duplicate' },
      ],
      later,
    );
    expect(copy.lookup([a.id, b.id, c.id]).map(({ outcome, reason, answeredAt }) => ({ outcome, reason, answeredAt }))).toEqual([
      { outcome: 'stored', reason: null, answeredAt: at.toISOString() },
      { outcome: 'stored', reason: null, answeredAt: later.toISOString() },
      { outcome: null, reason: null, answeredAt: null },
    ]);
    expect(copy.counts()).toEqual({ held: 3, unanswered: 1 });
  });

  it('drops answered entries after the keep period and never an unanswered one', () => {
    const copy = open();
    const [answered, waiting] = [makeEntryRecord(device), makeEntryRecord(device)];
    copy.keep([answered, waiting], at);
    copy.answered([{ index: 0, id: answered.id, status: 'stored' }], at);
    const justBefore = new Date(at.getTime() + ANSWERED_KEEP_DAYS * 86_400_000 - 1);
    expect(copy.prune(justBefore)).toBe(0);
    expect(copy.prune(new Date(at.getTime() + ANSWERED_KEEP_DAYS * 86_400_000 + 1))).toBe(1);
    expect(copy.prune(new Date(at.getTime() + 1_000 * 86_400_000))).toBe(0);
    expect(copy.ids()).toEqual([waiting.id]);
  });

  it('is on disk, readable by its owner only, when the gate starts again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-gate-copy-'));
    const first = open(dir);
    const record = makeEntryRecord(device);
    first.keep([record], at);
    first.close();
    copies.splice(copies.indexOf(first), 1);
    const again = open(dir);
    expect(again.lookup([record.id])[0]?.record).toEqual(record);
    expect(statSync(again.path).mode & 0o777).toBe(0o600);
  });
});
