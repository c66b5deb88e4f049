import { verify, createPublicKey } from 'node:crypto';
import writeExcelFile from 'write-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPACT_PASS_LENGTH, compactPassMessage, decodeCompactClaims, splitCompactPass } from '../../protocol/pass.ts';
import { checkDigitFor } from '../../protocol/resident-id.ts';
import { ImportPreview, PassSheet } from '../../protocol/roster-admin.ts';
import { RosterSnapshot } from '../../protocol/roster.ts';
import { exportPassPublicKey } from './passes.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

const NOW = new Date('2026-11-25T02:00:00Z');
let test: TestApp;
let property: string;

beforeEach(async () => {
  test = await openTestApp({ now: () => NOW });
  property = await signIn(test, 'wuye', 'property');
});
afterEach(async () => closeTestApp(test));

const id = (body: string): string => body + checkDigitFor(body);
const wrongCheck = (body: string): string => body + (checkDigitFor(body) === '1' ? '2' : '1');

const CSV = [
  '\uFEFF楼栋,单元,房号,姓名,类别,电话,身份证号',
  '1栋,1单元,101,张建国,居民,13801012345,11010519491231002X',
  `1栋,1单元,101,李秀英,居民,13801016789,${id('11010519520817004')}`,
  '1栋,2单元,203,"陈,静",租户,15821347765,',
  `1栋,2单元,203,无名,访客,123,${wrongCheck('11010519491231002')}`,
  ',1单元,301,缺楼栋,居民,,',
  '2栋,1单元,102,重复,居民,,11010519491231002x',
].join('\r\n');

function upload(body: Buffer | string, contentType: string, commit = false) {
  return test.app.inject({
    method: 'POST',
    url: `/api/v1/admin/roster-import${commit ? '?commit=1' : ''}`,
    headers: { cookie: property, 'content-type': contentType },
    payload: body,
  });
}

async function snapshot(): Promise<RosterSnapshot> {
  return RosterSnapshot.parse(
    (
      await test.app.inject({
        method: 'GET',
        url: '/api/v1/roster',
        headers: { authorization: `Bearer ${test.gate.deviceToken}` },
      })
    ).json(),
  );
}

describe('roster import', () => {
  it('previews a CSV row by row with the reasons, writing nothing', async () => {
    const response = await upload(CSV, 'text/csv');
    expect(response.statusCode).toBe(200);
    const preview = ImportPreview.parse(response.json());
    expect(preview).toMatchObject({ valid: 3, invalid: 3, imported: null });
    const byLine = new Map(preview.rows.map((r) => [r.line, r]));
    expect(byLine.get(2)).toMatchObject({ name: '张建国', idMasked: '110**************X', errors: [] });
    expect(byLine.get(4)).toMatchObject({ name: '陈,静', category: 'tenant', errors: [] });
    expect(byLine.get(5)!.errors).toEqual([
      { code: 'unknown-category', value: expect.any(String) },
      { code: 'bad-phone' },
      { code: 'bad-id-number', reason: 'check-digit' },
    ]);
    expect(byLine.get(6)!.errors).toContainEqual({ code: 'missing', column: 'building' });
    expect(byLine.get(7)!.errors).toContainEqual({ code: 'id-repeated', line: 2 });
    expect(response.body).not.toContain('11010519491231002X');
    expect(await test.gate.db.selectFrom('persons').selectAll().execute()).toEqual([]);
  });

  it('commits the valid rows in households found by address, bumps the version once and reports the rest', async () => {
    const before = (await snapshot()).version;
    const preview = ImportPreview.parse((await upload(CSV, 'text/csv', true)).json());
    expect(preview.imported).toEqual({ households: 2, persons: 3 });
    expect(preview.invalid).toBe(3);
    const roster = await snapshot();
    expect(roster.persons.map((p) => p.name).sort()).toEqual(['张建国', '李秀英', '陈,静'].sort());
    expect(roster.households).toHaveLength(2);
    expect(roster.version).toBe(before + 1);
    const again = ImportPreview.parse((await upload(CSV, 'text/csv', true)).json());
    expect(again.imported).toEqual({ households: 0, persons: 1 });
    expect(again.rows.find((r) => r.line === 2)!.errors).toEqual([{ code: 'id-on-roster', idMasked: '110**************X' }]);
  });

  it("knows a person's legacy 15-digit number as their 18-digit one, and refuses an unknown province code", async () => {
    await upload(['楼栋,单元,房号,姓名,身份证号', '1栋,1单元,101,张建国,11010519491231002X'].join('\n'), 'text/csv', true);
    const csv = [
      '楼栋,单元,房号,姓名,身份证号',
      '1栋,1单元,101,张建国,110105491231002',
      `1栋,1单元,102,王伟,${id('99010519520817004')}`,
    ];
    const preview = ImportPreview.parse((await upload(csv.join('\n'), 'text/csv')).json());
    expect(preview.rows.map((r) => r.errors)).toEqual([
      [{ code: 'id-on-roster', idMasked: '110**************X' }],
      [{ code: 'bad-id-number', reason: 'province' }],
    ]);
  });

  it('refuses a row with the NUL character in a cell and commits the others, on either database', async () => {
    const csv = ['楼栋,单元,房号,姓名,类别', '1栋,1单元,101,张\u0000建国,居民', '1栋,1单元,102,李秀英,居民'].join('\n');
    const response = await upload(csv, 'text/csv', true);
    expect(response.statusCode).toBe(200);
    const preview = ImportPreview.parse(response.json());
    expect(preview).toMatchObject({ valid: 1, invalid: 1, imported: { households: 1, persons: 1 } });
    expect(preview.rows.find((r) => r.line === 2)!.errors).toEqual([{ code: 'nul-character' }]);
    expect((await test.gate.db.selectFrom('persons').select('name').execute()).map((p) => p.name)).toEqual(['李秀英']);
  });

  it('numbers rows by their line in the file, blank lines and quoted line breaks included', async () => {
    const text = ['楼栋,单元,房号,姓名', '', '1栋,1单元,101,"张', '三"', '', '1栋,1单元,101,'].join('\n');
    const preview = ImportPreview.parse((await upload(text, 'text/csv')).json());
    expect(preview.rows.map((r) => [r.line, r.name, r.errors.length])).toEqual([
      [4, '张\n三', 0],
      [6, '', 1],
    ]);
  });

  it('reads a CSV that Excel on a Chinese PC saved in GB18030', async () => {
    // 楼栋,单元,房号,姓名 / 1栋,1单元,101,王伟 in GBK bytes.
    const gbk = Buffer.from('c2a5b6b02cb5a5d4aa2cb7bfbac52cd0d5c3fb0d0a31b6b02c31b5a5d4aa2c3130312ccdf5ceb0', 'hex');
    const preview = ImportPreview.parse((await upload(gbk, 'text/csv')).json());
    expect(preview.rows).toEqual([
      expect.objectContaining({ building: '1栋', unit: '1单元', room: '101', name: '王伟', errors: [] }),
    ]);
  });

  it('reads XLSX, and catches an ID number Excel stored as a number', async () => {
    const file = await writeExcelFile([
      ['楼栋', '单元', '房号', '姓名', '电话', '身份证号'],
      ['3栋', '2单元', '602', '郑凯', 13122334455, id('37020219791101351')],
      ['3栋', '2单元', '602', '谢婷', 13122336677, 110105194912310020],
    ]).toBuffer();
    const preview = ImportPreview.parse(
      (await upload(file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).json(),
    );
    expect(preview.rows[0]).toMatchObject({ name: '郑凯', phone: '13122334455', category: 'resident', errors: [] });
    expect(preview.rows[1]!.errors).toEqual([{ code: 'id-stored-as-number' }]);
  });

  it('refuses files without the required columns, unreadable files, an empty body and other roles', async () => {
    expect((await upload('name,phone\r\n甲,1', 'text/csv')).json()).toMatchObject({ error: 'missing-columns' });
    expect((await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'application/octet-stream')).json()).toMatchObject({
      error: 'unreadable-file',
    });
    expect((await upload('', 'text/csv')).statusCode).toBe(415);
    const community = await signIn(test, 'shequ', 'community');
    const refused = await test.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roster-import',
      headers: { cookie: community, 'content-type': 'text/csv' },
      payload: CSV,
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('pass sheet', () => {
  it('signs a pass per household member that verifies with the gate key, and is property staff only', async () => {
    await upload(CSV, 'text/csv', true);
    const household = (await snapshot()).households.find((h) => h.room === '101')!;
    const response = await test.app.inject({
      method: 'POST',
      url: `/api/v1/admin/households/${household.id}/pass-sheet`,
      headers: { cookie: property },
    });
    const sheet = PassSheet.parse(response.json());
    expect(sheet).toMatchObject({ communityName: '测试小区', address: '1栋1单元101' });
    expect(sheet.passes.map((p) => p.name).sort()).toEqual(['张建国', '李秀英'].sort());
    const key = createPublicKey({
      key: Buffer.from(exportPassPublicKey(test.keys.passPublicKey), 'base64'),
      format: 'der',
      type: 'spki',
    });
    for (const pass of sheet.passes) {
      // The sheet prints the compact form: verified for this community, not for another.
      expect(pass.pass).toHaveLength(COMPACT_PASS_LENGTH);
      const { claims, signature } = splitCompactPass(pass.pass)!;
      expect(verify(null, compactPassMessage(test.gate.communityId, claims), key, signature)).toBe(true);
      expect(verify(null, compactPassMessage('another-community', claims), key, signature)).toBe(false);
      expect(decodeCompactClaims(claims)).toEqual({ personId: pass.personId, issuedAt: NOW.toISOString() });
    }
    const guard = await signIn(test, 'menwei', 'guard');
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/v1/admin/households/${household.id}/pass-sheet`,
          headers: { cookie: guard },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await test.app.inject({ method: 'POST', url: '/api/v1/admin/households/nope/pass-sheet', headers: { cookie: property } }))
        .statusCode,
    ).toBe(404);
  });
});
