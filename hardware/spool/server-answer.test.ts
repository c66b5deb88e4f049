import { describe, expect, it } from 'vitest';
import { interpretIngestAnswer, retryAfterMs } from './server-answer.ts';
import type { UplinkAnswer } from './uplink.ts';

function answer(status: number, body: unknown, retryAfter: string | null = null): UplinkAnswer {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { ok: true, status, contentType: 'application/json', etag: null, retryAfter, body: text };
}

describe('interpretIngestAnswer', () => {
  it('applies per-record results from a 200 answer', () => {
    const body = {
      batchId: 'b1',
      receivedAt: '2026-11-25T08:00:00.000Z',
      results: [
        { index: 0, id: 'a', status: 'stored' },
        { index: 1, id: 'b', status: 'rejected', reason: 'direction: Invalid option' },
      ],
    };
    expect(interpretIngestAnswer(answer(200, body))).toEqual({ kind: 'results', results: body.results });
  });

  it('retries a 200 whose body is not a batch response', () => {
    expect(interpretIngestAnswer(answer(200, { ok: true }))).toEqual({
      kind: 'retry',
      error: 'server answered with an unreadable result',
      unreachable: false,
    });
  });

  it('retries when the server is unreachable, keeping the reason', () => {
    const message = 'community server http://127.0.0.1:9 unreachable: fetch failed: connect ECONNREFUSED 127.0.0.1:9';
    expect(interpretIngestAnswer({ ok: false, message, certificateRefused: false })).toEqual({
      kind: 'retry',
      error: message,
      unreachable: true,
    });
  });

  it('tells a busy or failing server from an unreachable one', () => {
    expect(interpretIngestAnswer(answer(503, { error: 'database-busy', message: 'the database is locked' }))).toEqual({
      kind: 'retry',
      error: 'the database is locked',
      unreachable: false,
    });
    expect(interpretIngestAnswer(answer(502, 'bad gateway'))).toEqual({ kind: 'retry', error: 'HTTP 502', unreachable: false });
  });

  it('says so when the device is no longer authorised', () => {
    expect(interpretIngestAnswer(answer(401, { error: 'unauthorised', message: 'token revoked' }))).toEqual({
      kind: 'retry',
      error: 'device not authorised: token revoked',
      unreachable: false,
    });
  });

  it('falls back to the status code for a bare error', () => {
    expect(interpretIngestAnswer(answer(500, 'oops'))).toEqual({ kind: 'retry', error: 'HTTP 500', unreachable: false });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-25T08:00:00Z');
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(retryAfterMs('5', now)).toBe(5_000);
    expect(retryAfterMs(' 30 ', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 08:00:12 GMT', now)).toBe(12_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 07:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBe(0);
    expect(retryAfterMs('-3', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(0);
    expect(retryAfterMs(undefined, now)).toBe(0);
  });
});
