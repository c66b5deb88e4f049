import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditListResponse } from '../../protocol/accounts.ts';
import { writeAudit } from './audit.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

const ACTIONS = ['watch.create', 'watch.update', 'watch.release', 'rules.update', 'questions.publish'] as const;
let test: TestApp;
let admin: string;
beforeEach(async () => {
  test = await openTestApp();
  admin = await signIn(test, 'admin1', 'admin');
  for (const [i, action] of ACTIONS.entries())
    await writeAudit(test.gate.db, { at: new Date().toISOString(), userId: null, action, detail: { i } });
});
afterEach(async () => {
  await closeTestApp(test);
});

async function page(query: string) {
  const response = await test.app.inject({ method: 'GET', url: `/api/v1/audit?${query}`, headers: { cookie: admin } });
  expect(response.statusCode).toBe(200);
  return AuditListResponse.parse(response.json());
}

describe('GET /api/v1/audit', () => {
  it('pages newest first without gaps or repeats, naming who did what', async () => {
    const first = await page('limit=3');
    expect(first.entries.map((e) => e.action)).toEqual(['questions.publish', 'rules.update', 'watch.release']);
    expect(first.entries[0]).toMatchObject({ username: null, detail: { i: 4 } });
    const second = await page(`limit=3&before=${first.nextBefore}`);
    // Reading the first page was itself audited, after the rows above.
    expect(second.entries.map((e) => e.action)).toEqual(['watch.update', 'watch.create', 'session.start']);
    expect(second.entries[2]?.username).toBe('admin1');
    expect(second.nextBefore).toBeNull();
    const newest = await page('limit=1');
    expect(newest.entries[0]).toMatchObject({ action: 'audit.list', username: 'admin1' });
  });

  it('describes what each row was about in words: the account, the gate, the person and their household', async () => {
    const db = test.gate.db;
    const user = await db.selectFrom('users').select('id').where('username', '=', 'admin1').executeTakeFirstOrThrow();
    const gate = await db.selectFrom('gates').select(['id', 'name']).executeTakeFirstOrThrow();
    await writeAudit(db, {
      at: new Date().toISOString(),
      userId: user.id,
      action: 'user.update',
      detail: { userId: user.id, gateId: gate.id, personId: 'gone-person' },
    });
    const newest = (await page('limit=2')).entries.find((e) => e.action === 'user.update');
    expect(newest?.subjects).toEqual([
      { kind: 'person', id: 'gone-person', label: null },
      { kind: 'gate', id: gate.id, label: gate.name },
      { kind: 'user', id: user.id, label: 'admin1' },
    ]);
  });

  it('refuses a bad limit with the reason', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/audit?limit=5000', headers: { cookie: admin } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('limit');
  });
});
