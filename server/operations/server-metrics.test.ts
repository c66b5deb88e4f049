import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestApp, openTestApp, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';

const opened: TestApp[] = [];
afterEach(async () => {
  for (const test of opened.splice(0)) await closeTestApp(test);
});

async function ingestTwiceAndReport(test: TestApp): Promise<void> {
  const auth = { authorization: `Bearer ${test.gate.deviceToken}`, 'x-checkpoint-protocol': '2' };
  const records = [makeEntryRecord(test.gate, { id: uuidv7() }), makeEntryRecord(test.gate, { id: uuidv7() })];
  for (let i = 0; i < 2; i++)
    await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: auth,
      payload: { batchId: uuidv7(), entries: records },
    });
  await test.app.inject({
    method: 'POST',
    url: '/api/v1/device/heartbeat',
    headers: auth,
    payload: {
      sentAt: new Date().toISOString(),
      software: '0.2.0',
      spool: { unsent: 7, rejected: 0, oldestUnsentAt: new Date(Date.now() - 90_000).toISOString(), diskFull: false },
      devices: [
        {
          device: 'scanner',
          state: 'reconnecting',
          firmware: null,
          calibrationExpiresAt: null,
          lastError: 'gone',
          lastErrorAt: null,
          reconnects: 3,
        },
      ],
      screens: [],
      lastError: null,
    },
  });
}

function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in\n${text}`);
  return Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts ingest by result, times each route, and shows each gate as it reported', async () => {
    const test = await openTestApp();
    opened.push(test);
    await ingestTwiceAndReport(test);
    const answer = await test.app.inject({ method: 'GET', url: '/metrics' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    const text = answer.body;
    expect(value(text, 'checkpoint_ingest_records_total{result="stored"}')).toBe(2);
    expect(value(text, 'checkpoint_ingest_records_total{result="duplicate"}')).toBe(2);
    expect(value(text, 'checkpoint_ingest_records_total{result="rejected"}')).toBe(0);
    expect(value(text, 'checkpoint_http_request_duration_seconds_count{route="/api/v1/ingest",method="POST",status="2xx"}')).toBe(
      2,
    );
    const device = test.gate.deviceId;
    expect(value(text, `checkpoint_gate_unsent_entries{device="${device}"}`)).toBe(7);
    expect(value(text, `checkpoint_gate_oldest_unsent_seconds{device="${device}"}`)).toBeGreaterThanOrEqual(90);
    expect(value(text, `checkpoint_gate_device_up{device="${device}",kind="scanner"}`)).toBe(0);
    expect(value(text, `checkpoint_gate_device_reconnects{device="${device}",kind="scanner"}`)).toBe(3);
    expect(value(text, `checkpoint_gate_flag{device="${device}",flag="device-fault"}`)).toBe(1);
    expect(value(text, 'checkpoint_backup_age_seconds')).toBe(-1);
    expect(text).not.toContain(test.gate.deviceToken);
    expect(text).not.toContain('访客甲');
  });

  it('with a monitoring token, answers only a scraper that brings it, even on this machine', async () => {
    const test = await openTestApp({ metricsToken: 'scrape-secret-1234567890' });
    opened.push(test);
    expect((await test.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await test.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-secret-0000000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await test.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-secret-1234567890' },
      remoteAddress: '192.0.2.7',
    });
    expect(right.statusCode).toBe(200);
  });
});
