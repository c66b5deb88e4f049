import { describe, expect, it } from 'vitest';
import { hashIdNumber } from './id-number-hash.ts';

const hash = 'a'.repeat(64);

function answering(status: number, body: unknown): typeof fetch {
  return () => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}

describe('hashIdNumber', () => {
  it('sends the trimmed number and answers the hash and the masked form', async () => {
    let sent: unknown;
    const fetcher: typeof fetch = (_url, init) => {
      sent = JSON.parse(String(init?.body));
      return answering(200, { idHash: hash, idMasked: '320**************1' })('id-number');
    };
    expect(await hashIdNumber('  320102198503151231 ', fetcher)).toEqual({
      ok: true,
      idHash: hash,
      idMasked: '320**************1',
    });
    expect(sent).toEqual({ number: '320102198503151231' });
  });

  it("gives the gate's reason when it refuses the number", async () => {
    const refused = await hashIdNumber('1', answering(400, { error: 'check-digit', message: 'wrong check digit' }));
    expect(refused).toEqual({ ok: false, reason: 'wrong check digit' });
  });

  it('refuses an answer that lacks a well-formed hash rather than trusting it', async () => {
    expect(await hashIdNumber('1', answering(200, { idHash: 'nope', idMasked: 'x' }))).toEqual({
      ok: false,
      reason: 'the gate answered without a hash',
    });
    expect(await hashIdNumber('1', answering(503, 'busy'))).toEqual({ ok: false, reason: 'HTTP 503' });
  });

  it('says so when the gate cannot be reached', async () => {
    const down: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await hashIdNumber('1', down)).toEqual({ ok: false, reason: 'Failed to fetch' });
  });
});
