import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GuardPinRecord } from '../../protocol/guard-pin.ts';
import { GuardPinStore } from './guard-pin-store.ts';

/** What the server sends for a PIN (its own hashing is tested on the server). */
function scryptRecord(pin: string): GuardPinRecord {
  const salt = randomBytes(16);
  const N = 1024;
  const hash = scryptSync(pin, salt, 32, { N, r: 8, p: 1 }).toString('base64');
  return { algorithm: 'scrypt', N, r: 8, p: 1, salt: salt.toString('base64'), hash, digits: pin.length };
}

function pbkdf2Record(pin: string): GuardPinRecord {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(pin, salt, 10_000, 32, 'sha256').toString('base64');
  return { algorithm: 'PBKDF2-SHA-256', iterations: 10_000, salt: salt.toString('base64'), hash, digits: null };
}

const stores: GuardPinStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

async function open(dataDir?: string): Promise<GuardPinStore> {
  const store = new GuardPinStore(dataDir ?? (await mkdtemp(join(tmpdir(), 'checkpoint-pins-'))));
  stores.push(store);
  return store;
}

const T0 = new Date('2026-12-05T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('the gate’s guard PIN store', () => {
  it('checks a PIN against the hash the server sent (scrypt, and the PBKDF2 records of before), in a file only the gate can read', async () => {
    const store = await open();
    store.replace(
      {
        guards: [
          { id: 'g-wang', pin: scryptRecord('482193') },
          { id: 'g-li', pin: pbkdf2Record('0427') },
        ],
      },
      '"v1"',
    );
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(store.etag).toBe('"v1"');
    expect(await store.check('g-wang', 's1', '482193', T0)).toEqual({ outcome: 'accepted', guardId: 'g-wang' });
    expect(await store.check('g-li', 's1', '0427', T0)).toEqual({ outcome: 'accepted', guardId: 'g-li' });
    expect(await store.check('g-li', 's1', '0428', T0)).toEqual({ outcome: 'wrong-pin', triesLeft: 4, retryAt: null });
    expect(await store.check('g-nobody', 's1', '0427', T0)).toEqual({ outcome: 'unknown-guard' });
  });

  it('locks a guard after five wrong PINs: then even the right PIN is refused, on every screen, and after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-pins-'));
    const store = await open(dir);
    store.replace({ guards: [{ id: 'g-wang', pin: scryptRecord('482193') }] }, null);
    const answers = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      const answer = await store.check('g-wang', `screen-${i % 2}`, '000000', at(now));
      answers.push(answer);
      if (answer.outcome === 'wrong-pin' && answer.retryAt) now = Date.parse(answer.retryAt) - T0.getTime();
    }
    expect(answers.map((a) => (a.outcome === 'wrong-pin' ? a.triesLeft : a.outcome))).toEqual([4, 3, 2, 1, 'locked']);
    const until = new Date(at(now).getTime() + 5 * 60_000).toISOString();
    expect(answers[4]).toEqual({ outcome: 'locked', scope: 'guard', until });
    expect(await store.check('g-wang', 'screen-9', '482193', at(now + 60_000))).toEqual({
      outcome: 'locked',
      scope: 'guard',
      until,
    });
    store.close();
    stores.splice(stores.indexOf(store), 1);
    const reopened = await open(dir);
    expect(await reopened.check('g-wang', 'screen-0', '482193', at(now + 4 * 60_000))).toMatchObject({ outcome: 'locked' });
    expect(reopened.locks(at(now + 60_000))).toEqual([
      { scope: 'guard', id: 'g-wang', failures: 0, lockedUntil: until },
      { scope: 'screen', id: 'screen-0', failures: 3, lockedUntil: null },
      { scope: 'screen', id: 'screen-1', failures: 2, lockedUntil: null },
    ]);
    expect(await reopened.check('g-wang', 'screen-0', '482193', at(now + 5 * 60_000))).toEqual({
      outcome: 'accepted',
      guardId: 'g-wang',
    });
    // The right PIN clears the guard's count and takes only its own try off the screen's.
    expect(reopened.locks(at(now + 5 * 60_000))).toEqual([
      { scope: 'screen', id: 'screen-0', failures: 3, lockedUntil: null },
      { scope: 'screen', id: 'screen-1', failures: 2, lockedUntil: null },
    ]);
  });

  it('refuses a try sent before the pause is over without looking at the PIN or counting it', async () => {
    const store = await open();
    store.replace({ guards: [{ id: 'g-wang', pin: scryptRecord('482193') }] }, null);
    await store.check('g-wang', 's1', '111111', T0);
    const second = await store.check('g-wang', 's1', '222222', T0);
    expect(second).toEqual({ outcome: 'wrong-pin', triesLeft: 3, retryAt: at(1_000).toISOString() });
    expect(await store.check('g-wang', 's1', '482193', at(500))).toEqual({
      outcome: 'too-soon',
      retryAt: at(1_000).toISOString(),
    });
    expect(await store.check('g-wang', 's1', '333333', at(1_000))).toMatchObject({ outcome: 'wrong-pin', triesLeft: 2 });
  });

  it('counts tries sent all at once before checking any: twenty at once get at most the five the guard has', async () => {
    const store = await open();
    store.replace({ guards: [{ id: 'g-wang', pin: scryptRecord('482193') }] }, null);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.check('g-wang', `s${i}`, String(100000 + i), T0)),
    );
    const checked = answers.filter((a) => a.outcome === 'wrong-pin' || a.outcome === 'locked');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.outcome === 'too-soon').length).toBeGreaterThanOrEqual(15);
  });

  it('locks a screen after ten wrong PINs across guards, for every guard on it, and not other screens', async () => {
    const store = await open();
    const guards = Array.from({ length: 10 }, (_, i) => ({ id: `g${i}`, pin: scryptRecord(`10000${i}`) }));
    store.replace({ guards }, null);
    let now = 0;
    let last;
    for (let i = 0; i < 10; i++) {
      last = await store.check(`g${i}`, 'spray', '999999', at(now));
      if (last.outcome === 'wrong-pin' && last.retryAt) now = Date.parse(last.retryAt) - T0.getTime();
    }
    expect(last).toMatchObject({ outcome: 'locked', scope: 'screen' });
    expect(await store.check('g0', 'spray', '100000', at(now + 1_000))).toMatchObject({ outcome: 'locked', scope: 'screen' });
    expect(await store.check('g0', 'other', '100000', at(now + 1_000))).toEqual({ outcome: 'accepted', guardId: 'g0' });
  });

  it("a new PIN from the server lifts that guard's lock; the operator can unlock a guard, a screen or all", async () => {
    const store = await open();
    store.replace({ guards: [{ id: 'g-wang', pin: scryptRecord('482193') }] }, '"a"');
    for (let i = 0, now = 0; i < 5; i++) {
      const answer = await store.check('g-wang', 's1', '000000', at(now));
      if (answer.outcome === 'wrong-pin' && answer.retryAt) now = Date.parse(answer.retryAt) - T0.getTime();
    }
    expect(await store.check('g-wang', 's1', '482193', at(20_000))).toMatchObject({ outcome: 'locked' });
    const fresh = scryptRecord('654321');
    expect(store.replace({ guards: [{ id: 'g-wang', pin: fresh }] }, '"b"')).toEqual({ guards: 1, changed: 1 });
    expect(store.replace({ guards: [{ id: 'g-wang', pin: fresh }] }, '"b"')).toEqual({ guards: 1, changed: 0 });
    expect(await store.check('g-wang', 's1', '654321', at(22_000))).toEqual({ outcome: 'accepted', guardId: 'g-wang' });

    for (let i = 0, now = 30_000; i < 5; i++) {
      const answer = await store.check('g-wang', 's2', '000000', at(now));
      if (answer.outcome === 'wrong-pin' && answer.retryAt) now = Date.parse(answer.retryAt) - T0.getTime();
    }
    expect(store.unlock({ scope: 'guard', id: 'g-wang' })).toBe(1);
    expect(await store.check('g-wang', 's2', '654321', at(60_000))).toEqual({ outcome: 'accepted', guardId: 'g-wang' });
    // Screen s1 saw five wrong PINs then, s2 five now: a sixth on s1 is still counted against it.
    expect(store.locks(at(60_000)).map((lock) => [lock.id, lock.failures])).toEqual([
      ['s1', 5],
      ['s2', 5],
    ]);
    expect(store.unlock({ scope: 'screen', id: 's1' })).toBe(1);
    expect(store.unlock('all')).toBe(1);
    expect(store.locks(at(60_000))).toEqual([]);
  });
});
