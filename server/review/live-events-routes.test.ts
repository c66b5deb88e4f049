import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeverAlert } from '../../protocol/accounts.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { eventReader } from '../../test/support/event-stream.ts';

let test: TestApp;
let baseUrl: string;
beforeEach(async () => {
  test = await openTestApp();
  baseUrl = await test.app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await closeTestApp(test);
});

function ingest(entries: unknown[]) {
  return fetch(`${baseUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${test.gate.deviceToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ batchId: 'batch', entries }),
  });
}

describe('GET /api/v1/live/fevers', () => {
  it('streams each newly stored fever entry once, and nothing else', async () => {
    const cookie = await signIn(test, 'staff1', 'community');
    const response = await fetch(`${baseUrl}/api/v1/live/fevers`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = eventReader(response.body!);

    const normal = makeEntryRecord(test.gate);
    const fever = makeEntryRecord(test.gate, {
      flags: ['fever'],
      decision: 'referred',
      subject: { category: 'resident', personId: null, name: '张三', idHash: null, idMasked: null, scan: null },
    });
    expect((await ingest([normal, fever])).status).toBe(200);
    // The same batch again stores nothing, so it must announce nothing; the next fever proves the stream went on.
    expect((await ingest([normal, fever])).status).toBe(200);
    const second = makeEntryRecord(test.gate, { flags: ['fever'] });
    expect((await ingest([second])).status).toBe(200);

    const first = await events.next();
    expect(first.event).toBe('fever');
    const alert = FeverAlert.parse(JSON.parse(first.data));
    expect(alert.entry).toMatchObject({
      id: fever.id,
      gateName: '北门',
      personName: '张三',
      flags: ['fever'],
      decision: 'referred',
    });
    expect(FeverAlert.parse(JSON.parse((await events.next()).data)).entry.id).toBe(second.id);
    await events.cancel();

    const audited = await test.gate.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'live.%')
      .orderBy('id')
      .execute();
    expect(audited.map((row) => row.action).slice(0, 2)).toEqual(['live.fevers.open', 'live.fever.shown']);
  });

  it('refuses guards and property staff, and anyone signed out', async () => {
    expect((await fetch(`${baseUrl}/api/v1/live/fevers`)).status).toBe(401);
    const guard = await signIn(test, 'guard1', 'guard');
    expect((await fetch(`${baseUrl}/api/v1/live/fevers`, { headers: { cookie: guard } })).status).toBe(403);
    const property = await signIn(test, 'prop1', 'property');
    expect((await fetch(`${baseUrl}/api/v1/live/fevers`, { headers: { cookie: property } })).status).toBe(403);
  });

  it('lets the server close while a console is still listening', async () => {
    const cookie = await signIn(test, 'admin1', 'admin');
    const response = await fetch(`${baseUrl}/api/v1/live/fevers`, { headers: { cookie } });
    const events = eventReader(response.body!);
    await test.app.close();
    await expect(events.next()).rejects.toThrow('stream ended');
  });
});
