import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { addSecondStreet } from '../../test/support/second-street.ts';

/*
 * Rules and questions set at a street or community node reach the compounds below that follow the
 * tree: the nearest node wins, a compound's own settings stay until it follows the tree again, a
 * new compound starts with what is set above it, the gate's snapshot carries what is inherited,
 * and a street's staff cannot set anything at another street.
 */
let test: TestApp;
const cookies = { district: '', streetA: '' };

async function call(method: 'GET' | 'PUT' | 'POST', url: string, cookie: string, payload?: unknown) {
  return test.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}
const rules = (feverThresholdC: number) => ({ feverThresholdC, baselineOffsetC: 1, homeObservationDays: 14 });
const threshold = async (compound: string) =>
  (await call('GET', `/api/v1/admin/rules?communityId=${compound}`, cookies.district)).json().feverThresholdC as number;
const source = async (compound: string) =>
  (await call('GET', `/api/v1/admin/settings-source?communityId=${compound}`, cookies.district)).json() as {
    rulesFrom: { id: string } | null;
    questionsFrom: { id: string } | null;
  };

beforeAll(async () => {
  test = await openTestApp();
  await addSecondStreet(test.gate.db, { compound: true });
  cookies.district = await signIn(test, 'district-staff', 'community', { orgNodeId: 'org-district' });
  cookies.streetA = await signIn(test, 'street-a-staff', 'community', { orgNodeId: 'org-street' });
});
afterAll(async () => {
  await closeTestApp(test);
});

describe('rules and questions inherited down the tree', () => {
  it('hands a street’s rules to its compounds, lets a nearer node or the compound’s own win, and follows the tree again', async () => {
    expect((await call('PUT', '/api/v1/admin/rules?nodeId=street-b', cookies.district, rules(37.5))).statusCode).toBe(200);
    expect(await threshold('compound-b')).toBe(37.5);
    expect((await source('compound-b')).rulesFrom?.id).toBe('street-b');
    // The other street's compound is untouched.
    expect(await threshold(test.gate.communityId)).toBe(37.3);
    expect((await call('GET', '/api/v1/admin/rules?nodeId=community-b', cookies.district)).json().feverThresholdC).toBe(37.5);

    await call('PUT', '/api/v1/admin/rules?nodeId=community-b', cookies.district, rules(37.6));
    expect(await threshold('compound-b')).toBe(37.6);
    // The street changes again: the community's nearer setting still wins.
    await call('PUT', '/api/v1/admin/rules?nodeId=street-b', cookies.district, rules(37.8));
    expect(await threshold('compound-b')).toBe(37.6);

    await call('PUT', '/api/v1/admin/rules?communityId=compound-b', cookies.district, rules(37.2));
    expect((await source('compound-b')).rulesFrom).toBeNull();
    await call('PUT', '/api/v1/admin/rules?nodeId=community-b', cookies.district, rules(37.7));
    expect(await threshold('compound-b')).toBe(37.2);

    const followed = await call('POST', '/api/v1/admin/follow-tree?communityId=compound-b', cookies.district, {
      rules: true,
      questions: false,
    });
    expect(followed.json().rulesFrom).toMatchObject({ id: 'community-b', level: 'community' });
    expect(await threshold('compound-b')).toBe(37.7);
  });

  it('publishes a node’s questions as a new version of each following compound’s own, and a new compound starts with them', async () => {
    await test.gate.db
      .insertInto('question_sets')
      .values({
        community_id: 'compound-b',
        version: 4,
        questions: JSON.stringify([]),
        created_at: new Date().toISOString(),
        inherited_from: 'street-b',
      })
      .execute();
    const question = {
      id: 'travel',
      text: { 'zh-CN': '近 14 天去过外地吗？', en: 'Travelled in the last 14 days?' },
      riskAnswer: true,
    };
    const published = await call('PUT', '/api/v1/admin/questions?nodeId=street-b', cookies.district, { questions: [question] });
    expect(published.json()).toEqual({ version: 1, questions: [question] });
    const view = (await call('GET', '/api/v1/admin/questions?communityId=compound-b', cookies.district)).json();
    expect(view.current).toEqual({ version: 5, questions: [question] });
    expect((await source('compound-b')).questionsFrom?.id).toBe('street-b');

    const created = await call('POST', '/api/v1/org/nodes', await signIn(test, 'district-admin', 'admin'), {
      parentId: 'community-b',
      level: 'compound',
      name: '乙新小区',
    });
    const id = created.json().id as string;
    expect(await threshold(id)).toBe(37.7);
    expect((await call('GET', `/api/v1/admin/questions?communityId=${id}`, cookies.district)).json().current).toEqual({
      version: 1,
      questions: [question],
    });
  });

  it('puts what is inherited in the gate’s snapshot, with a new roster version', async () => {
    const snapshot = async () =>
      (
        await test.app.inject({
          method: 'GET',
          url: '/api/v1/roster',
          headers: { authorization: `Bearer ${test.gate.deviceToken}` },
        })
      ).json() as { version: number; rules: { feverThresholdC: number } };
    const before = await snapshot();
    await call('PUT', '/api/v1/admin/rules?nodeId=org-street', cookies.streetA, rules(37.4));
    const after = await snapshot();
    expect(after.rules.feverThresholdC).toBe(37.4);
    expect(after.version).toBeGreaterThan(before.version);
  });

  it('refuses a street’s staff at another street’s node, changing nothing', async () => {
    const before = await threshold('compound-b');
    for (const [method, url, body] of [
      ['PUT', '/api/v1/admin/rules?nodeId=street-b', rules(39)],
      ['PUT', '/api/v1/admin/questions?nodeId=community-b', { questions: [] }],
      ['GET', '/api/v1/admin/rules?nodeId=street-b', undefined],
      ['GET', '/api/v1/admin/questions?nodeId=street-b', undefined],
    ] as const)
      expect([url, (await call(method, url, cookies.streetA, body)).statusCode]).toEqual([url, 404]);
    expect(await threshold('compound-b')).toBe(before);
    expect(
      await test.gate.db.selectFrom('node_screening_rules').select('node_id').where('fever_threshold_c', '=', 39).execute(),
    ).toEqual([]);
  });
});
