import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardResponse, DailyReportView } from '../../protocol/daily-reports.ts';
import type { EntryRecord } from '../../protocol/entry.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { addSecondStreet } from '../../test/support/second-street.ts';

/*
 * The daily report through its routes, on a clock the test moves: the default community (the
 * test compound, 北门) reports for 2026-11-25; a second community under the same street, with no
 * compound, never does. Beijing time throughout: the deadline is 10:00 on the 26th = 02:00 UTC.
 */
const DAY = '2026-11-25';
const BEFORE_DEADLINE = new Date('2026-11-26T01:00:00.000Z'); // 09:00 Beijing on the 26th
const AFTER_DEADLINE = new Date('2026-11-26T03:00:00.000Z'); // 11:00
let clock = BEFORE_DEADLINE;
let test: TestApp;
let staff: string;

async function ingest(records: EntryRecord[]) {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { authorization: `Bearer ${test.gate.deviceToken}` },
    payload: { batchId: `batch-${records[0]!.id}`, entries: records },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** A passage on the day, its id minted then, as a kiosk mints it. */
function passage(direction: 'in' | 'out', overrides: Partial<EntryRecord> = {}): EntryRecord {
  const occurredAt = '2026-11-25T08:30:00.000+08:00';
  return makeEntryRecord(test.gate, { id: uuidv7({ msecs: Date.parse(occurredAt) }), direction, occurredAt, ...overrides });
}

async function report(cookie = staff, nodeId = 'org-community', day = DAY) {
  return test.app.inject({ method: 'GET', url: `/api/v1/reports/daily/${nodeId}/${day}`, headers: { cookie } });
}

async function sign(note: string, cookie = staff, nodeId = 'org-community') {
  return test.app.inject({
    method: 'POST',
    url: `/api/v1/reports/daily/${nodeId}/${DAY}/sign`,
    headers: { cookie },
    payload: { note },
  });
}

async function submit(version: number, cookie = staff) {
  return test.app.inject({
    method: 'POST',
    url: `/api/v1/reports/daily/org-community/${DAY}/submit`,
    headers: { cookie },
    payload: { version },
  });
}

async function board(cookie: string, nodeId: string): Promise<BoardResponse> {
  const response = await test.app.inject({
    method: 'GET',
    url: `/api/v1/reports/board/${nodeId}?day=${DAY}`,
    headers: { cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeEach(async () => {
  clock = BEFORE_DEADLINE;
  test = await openTestApp({ now: () => clock });
  const at = clock.toISOString();
  await test.gate.db
    .insertInto('org_nodes')
    .values({
      id: 'community-quiet',
      parent_id: 'org-street',
      level: 'community',
      name: '静安社区',
      path: '/org-district/org-street/community-quiet/',
      created_at: at,
    })
    .execute();
  staff = await signIn(test, 'community-staff', 'community', { orgNodeId: 'org-community' });
});
afterEach(async () => {
  await closeTestApp(test);
});

describe('a community’s daily report', () => {
  it('drafts the day from its data, signs it with a note, submits it, and keeps it frozen', async () => {
    await ingest([passage('in'), passage('in'), passage('out')]);
    const draft = await report();
    expect(draft.statusCode, draft.body).toBe(200);
    const view: DailyReportView = draft.json();
    expect(view).toMatchObject({
      day: DAY,
      status: 'due',
      dayComplete: true,
      deadline: '2026-11-26T02:00:00.000Z',
      versions: [],
    });
    expect(view.draft.total).toMatchObject({ passages: 3, passagesIn: 2, passagesOut: 1, visitors: 3, compounds: 1 });
    expect(view.draft.compounds.map((c) => [c.name, c.figures.passages])).toEqual([['测试小区', 3]]);

    expect((await submit(1)).json()).toMatchObject({ error: 'not-signed' });
    const signed = await sign('已核对：北门 3 人次，无发热');
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json()).toEqual({ version: 1 });
    expect((await report()).json()).toMatchObject({ status: 'due', versions: [{ version: 1, submittedAt: null }] });

    const sent = await submit(1);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ version: 1, late: false });
    expect((await submit(1)).json()).toMatchObject({ error: 'already-submitted' });

    // A passage counted late: the draft grows, the submitted version does not.
    await ingest([passage('in')]);
    const after: DailyReportView = (await report()).json();
    expect(after.status).toBe('submitted');
    expect(after.draft.total.passages).toBe(4);
    expect(after.versions).toHaveLength(1);
    expect(after.versions[0]).toMatchObject({
      version: 1,
      note: '已核对：北门 3 人次，无发热',
      signedBy: 'community-staff',
      submittedBy: 'community-staff',
      late: false,
    });
    expect(after.versions[0]!.figures.total.passages).toBe(3);

    // The correction is version 2; version 1 stays as it was sent.
    expect((await sign('更正：补录北门 1 人次')).json()).toEqual({ version: 2 });
    expect((await submit(1)).json()).toMatchObject({ error: 'not-newest' });
    expect((await submit(2)).statusCode).toBe(200);
    const corrected: DailyReportView = (await report()).json();
    expect(corrected.versions.map((v) => [v.version, v.figures.total.passages, v.submittedAt !== null])).toEqual([
      [2, 4, true],
      [1, 3, true],
    ]);
    const rows = await test.gate.db
      .selectFrom('daily_reports')
      .select(['version', 'figures', 'note'])
      .orderBy('version')
      .execute();
    expect(rows.map((r) => [r.version, JSON.parse(r.figures).total.passages, r.note])).toEqual([
      [1, 3, '已核对：北门 3 人次，无发热'],
      [2, 4, '更正：补录北门 1 人次'],
    ]);
  });

  it('counts fevers and their outcomes, home observation and the epidemic-free standing, naming nobody', async () => {
    const fever = passage('in', {
      subject: { category: 'resident', personId: null, name: '发热者甲', idHash: null, idMasked: null, scan: null },
      flags: ['fever'],
      readings: [{ valueC: 38.4, source: 'infrared', at: '2026-11-25T08:30:00.000+08:00', ambientC: null }],
      decision: 'referred',
    });
    await ingest([fever]);
    const view: DailyReportView = (await report()).json();
    expect(view.draft.total).toMatchObject({ fevers: 1, feverOpen: 1, epidemicFree: 0 });
    expect(view.draft.compounds[0]).toMatchObject({ epidemicFree: false, blockers: { openFevers: 1 } });
    expect(JSON.stringify(view.draft)).not.toContain('发热者甲');
  });

  it('marks a report submitted after the deadline late, and one never submitted missing', async () => {
    const admin = await signIn(test, 'street-admin', 'admin', { orgNodeId: 'org-street' });
    expect((await board(admin, 'org-street')).rows.map((r) => [r.id, r.status])).toEqual([
      ['community-quiet', 'due'],
      ['org-community', 'due'],
    ]);
    expect((await sign('按时签署')).statusCode).toBe(201);
    clock = AFTER_DEADLINE;
    expect((await submit(1)).json()).toEqual({ version: 1, late: true });
    const street = await board(admin, 'org-street');
    expect(street.rows.map((r) => [r.name, r.status, r.version, r.submittedBy])).toEqual([
      ['静安社区', 'missing', null, null],
      ['默认社区', 'late', 1, 'community-staff'],
    ]);
    expect(street.total).toEqual({ submitted: 0, late: 1, missing: 1, due: 0 });
    expect(street.deadline).toEqual({ daysAfter: 1, time: '10:00', from: null });
  });

  it('lets the street set the deadline for its communities, not a community its own', async () => {
    const streetAdmin = await signIn(test, 'street-admin', 'admin', { orgNodeId: 'org-street' });
    const setDeadline = (cookie: string, nodeId: string) =>
      test.app.inject({
        method: 'PUT',
        url: `/api/v1/reports/deadline/${nodeId}`,
        headers: { cookie },
        payload: { daysAfter: 1, time: '12:00' },
      });
    expect((await setDeadline(staff, 'org-community')).statusCode).toBe(403);
    expect((await setDeadline(streetAdmin, 'org-district')).statusCode).toBe(404);
    expect((await setDeadline(streetAdmin, 'org-street')).statusCode).toBe(200);
    clock = AFTER_DEADLINE; // 11:00: late under 10:00, still due under 12:00
    const street = await board(streetAdmin, 'org-street');
    expect(street.deadline).toEqual({ daysAfter: 1, time: '12:00', from: { id: 'org-street', name: '默认街道' } });
    expect(street.rows.map((r) => [r.status, r.deadline])).toEqual([
      ['due', '2026-11-26T04:00:00.000Z'],
      ['due', '2026-11-26T04:00:00.000Z'],
    ]);
    expect((await setDeadline(streetAdmin, 'community-quiet')).statusCode).toBe(200);
    expect(
      (
        await test.app.inject({
          method: 'PUT',
          url: '/api/v1/reports/deadline/community-quiet',
          headers: { cookie: streetAdmin },
          payload: { daysAfter: 9, time: '25:00' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('shows the district its streets with their communities counted', async () => {
    await addSecondStreet(test.gate.db);
    expect((await sign('无异常')).statusCode).toBe(201);
    expect((await submit(1)).statusCode).toBe(200);
    const district = await signIn(test, 'district-community', 'community', { orgNodeId: 'org-district' });
    const view = await board(district, 'org-district');
    expect(view.node.level).toBe('district');
    expect(view.rows.map((r) => [r.level, r.name, r.status, r.counts])).toEqual([
      ['street', '默认街道', 'due', { submitted: 1, late: 0, missing: 0, due: 1 }],
      ['street', '乙街道', 'due', { submitted: 0, late: 0, missing: 0, due: 1 }],
    ]);
    clock = AFTER_DEADLINE;
    expect((await board(district, 'org-district')).rows.map((r) => r.status)).toEqual(['missing', 'missing']);
    expect((await board(district, 'org-district')).total).toEqual({ submitted: 1, late: 0, missing: 2, due: 0 });
  });

  it('refuses a compound’s user, a day not yet begun, and a node that is not a community', async () => {
    const compound = await signIn(test, 'compound-staff', 'community', { compoundId: test.gate.communityId });
    expect((await report(compound)).statusCode).toBe(404);
    expect((await sign('x', compound)).statusCode).toBe(404);
    expect((await report(staff, 'org-community', '2026-11-27')).json()).toMatchObject({ error: 'future-day' });
    expect((await report(staff, 'org-street')).statusCode).toBe(404);
    expect((await report(staff, 'org-community', '2026-13-01')).statusCode).toBe(400);
    expect((await sign('   ')).statusCode).toBe(400);
    expect(await test.gate.db.selectFrom('daily_reports').selectAll().execute()).toEqual([]);
  });

  it('audits who saw, signed and submitted which report', async () => {
    await report();
    await sign('已核对');
    await submit(1);
    const audit = await test.gate.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.user_id')
      .select(['users.username', 'audit_log.action', 'audit_log.detail'])
      .where('audit_log.action', 'like', 'report.%')
      .orderBy('audit_log.id')
      .execute();
    expect(audit.map((row) => [row.username, row.action, JSON.parse(row.detail)])).toEqual([
      ['community-staff', 'report.view', { nodeId: 'org-community', day: DAY, versions: 0 }],
      ['community-staff', 'report.sign', { nodeId: 'org-community', day: DAY, version: 1 }],
      ['community-staff', 'report.submit', { nodeId: 'org-community', day: DAY, version: 1, late: false }],
    ]);
    const admin = await signIn(test, 'top-admin', 'admin');
    const listed = await test.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: admin } });
    const signedRow = (listed.json() as { entries: { action: string; subjects: unknown[] }[] }).entries.find(
      (e) => e.action === 'report.sign',
    );
    expect(signedRow?.subjects).toEqual([{ kind: 'node', id: 'org-community', label: '默认社区' }]);
  });

  it('exports what the street sends up: each community’s submitted figures, never the live draft', async () => {
    await ingest([passage('in'), passage('out')]);
    await sign('已核对');
    await submit(1);
    await ingest([passage('in')]);
    const admin = await signIn(test, 'street-admin', 'admin', { orgNodeId: 'org-street' });
    const csv = await test.app.inject({
      method: 'GET',
      url: `/api/v1/reports/board/org-street/export.csv?day=${DAY}`,
      headers: { cookie: admin },
    });
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '街道,社区,日期,状态,版本,上报时间,上报人,通行合计,进,出,访客,车辆,发热,劝返,发热待跟进,复测正常,居家,送医,隔离,其他结果,居家观察人数,小区数,无疫小区,接近无疫',
    );
    expect(lines.slice(1)).toEqual([
      `默认街道,静安社区,${DAY},待报,,,`,
      `默认街道,默认社区,${DAY},按时上报,1,2026-11-26 09:00:00 +08:00,community-staff,2,1,1,2,0,0,0,0,0,0,0,0,0,0,1,1,0`,
      `默认街道,已上报合计,${DAY},,,,,2,1,1,2,0,0,0,0,0,0,0,0,0,0,1,1,0`,
    ]);
    const xlsx = await test.app.inject({
      method: 'GET',
      url: `/api/v1/reports/board/org-street/export.xlsx?day=${DAY}&lang=en`,
      headers: { cookie: admin },
    });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(4).value).toBe('Status');
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      '默认街道',
      '默认社区',
      DAY,
      'On time',
      1,
      '2026-11-26 09:00:00 +08:00',
      'community-staff',
      2,
      1,
      1,
      2,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      1,
      0,
    ]);
    const exported = await test.gate.db.selectFrom('audit_log').select('detail').where('action', '=', 'report.export').execute();
    expect(exported.map((row) => JSON.parse(row.detail))).toEqual([
      { nodeId: 'org-street', day: DAY, format: 'csv' },
      { nodeId: 'org-street', day: DAY, format: 'xlsx' },
    ]);
  });
});
