import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditListResponse } from '../../protocol/accounts.ts';
import { writeAudit } from './audit.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

let test: TestApp;
let admin: string;
beforeEach(async () => {
  test = await openTestApp();
  admin = await signIn(test, 'admin1', 'admin');
  for (let i = 0; i < 5; i++)
    await writeAudit(test.gate.db, { at: new Date().toISOString(), userId: null, action: `test.${i}`, detail: { i } });
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
    expect(first.entries.map((e) => e.action)).toEqual(['test.4', 'test.3', 'test.2']);
    expect(first.entries[0]).toMatchObject({ username: null, detail: { i: 4 } });
    const second = await page(`limit=3&before=${first.nextBefore}`);
    // Reading the first page was itself audited, after the rows above.
    expect(second.entries.map((e) => e.action)).toEqual(['test.1', 'test.0', 'session.start']);
    expect(second.entries[2]?.username).toBe('admin1');
    expect(second.nextBefore).toBeNull();
    const newest = await page('limit=1');
    expect(newest.entries[0]).toMatchObject({ action: 'audit.list', username: 'admin1' });
  });

  it('refuses a bad limit with the reason', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/audit?limit=5000', headers: { cookie: admin } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('limit');
  });
});
