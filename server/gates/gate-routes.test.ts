import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RosterSnapshot, DeviceConfig } from '../../protocol/roster.ts';
import { ApiError, SyncBatchResponse } from '../../protocol/sync.ts';
import { revokeDevice } from '../accounts/devices.ts';
import { closeTestApp, openTestApp, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

let test: TestApp;
beforeEach(async () => {
  test = await openTestApp();
});
afterEach(async () => {
  await closeTestApp(test);
});

function bearer(): Record<string, string> {
  return { authorization: `Bearer ${test.gate.deviceToken}` };
}

describe('POST /api/v1/ingest', () => {
  it('answers 401 ApiError without a token', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      payload: { batchId: 'b1', entries: [makeEntryRecord(test.gate)] },
    });
    expect(response.statusCode).toBe(401);
    expect(ApiError.parse(response.json()).error).toBe('device-unauthorized');
    expect(await test.gate.db.selectFrom('entries').select('id').execute()).toEqual([]);
  });

  it('answers 401 for a revoked token', async () => {
    await revokeDevice(test.gate.db, test.gate.deviceId, new Date().toISOString(), DEFAULT_TOP_SCOPE);
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: bearer(),
      payload: { batchId: 'b1', entries: [makeEntryRecord(test.gate)] },
    });
    expect(response.statusCode).toBe(401);
  });

  it('stores a batch with a valid token and answers per record', async () => {
    const good = makeEntryRecord(test.gate);
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: bearer(),
      payload: { batchId: 'b1', entries: [good, { id: 'x' }] },
    });
    expect(response.statusCode).toBe(200);
    const body = SyncBatchResponse.parse(response.json());
    expect(body.batchId).toBe('b1');
    expect(body.results.map((r) => r.status)).toEqual(['stored', 'rejected']);
  });

  it('answers 400 ApiError for a body that is not a batch, and for broken JSON', async () => {
    const notBatch = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: bearer(),
      payload: { entries: [] },
    });
    expect(notBatch.statusCode).toBe(400);
    expect(ApiError.parse(notBatch.json()).message).toContain('batchId');
    const broken = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { ...bearer(), 'content-type': 'application/json' },
      payload: '{"batchId":',
    });
    expect(broken.statusCode).toBe(400);
    expect(ApiError.safeParse(broken.json()).success).toBe(true);
  });

  it('answers 413 ApiError for a body over the limit', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { ...bearer(), 'content-type': 'application/json' },
      payload: JSON.stringify({ batchId: 'big', entries: ['x'.repeat(1_100_000)] }),
    });
    expect(response.statusCode).toBe(413);
    expect(ApiError.parse(response.json()).error).toBe('payload-too-large');
  });
});

describe('device config and roster', () => {
  it('give the device its config with a token, 401 without', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/device/config' })).statusCode).toBe(401);
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/device/config', headers: bearer() });
    expect(response.statusCode).toBe(200);
    expect(DeviceConfig.parse(response.json())).toEqual({
      deviceId: test.gate.deviceId,
      gateId: test.gate.gateId,
      communityId: test.gate.communityId,
      passPublicKey: test.keys.passPublicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      idHashKey: test.keys.idHashKey.toString('hex'),
    });
  });

  it('give the roster of the device gate community, 401 without a token', async () => {
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: '/api/v1/roster',
          headers: { authorization: 'Bearer wrong-token-0123456789' },
        })
      ).statusCode,
    ).toBe(401);
    await test.gate.db
      .insertInto('households')
      .values({ id: 'h1', community_id: test.gate.communityId, building: '1栋', unit: '1单元', room: '101' })
      .execute();
    await test.gate.db
      .insertInto('persons')
      .values({
        id: 'p1',
        community_id: test.gate.communityId,
        household_id: 'h1',
        name: '张伟',
        category: 'resident',
        phone: '13800000000',
        id_hash: null,
        id_masked: null,
      })
      .execute();
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/roster', headers: bearer() });
    expect(response.statusCode).toBe(200);
    const roster = RosterSnapshot.parse(response.json());
    expect(roster).toMatchObject({
      communityId: test.gate.communityId,
      version: 1,
      gate: { id: test.gate.gateId, name: '北门' },
      deviceId: test.gate.deviceId,
      households: [{ id: 'h1', building: '1栋', unit: '1单元', room: '101' }],
      persons: [{ id: 'p1', householdId: 'h1', name: '张伟', category: 'resident', idHash: null, idMasked: null }],
    });
    expect(JSON.stringify(roster)).not.toContain('13800000000');
  });
});
