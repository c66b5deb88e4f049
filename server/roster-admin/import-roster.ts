import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { readSheet } from 'read-excel-file/node';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { checkResidentId, maskResidentId } from '../../protocol/resident-id.ts';
import {
  PhoneNumber,
  type ImportPreview,
  type ImportProblem,
  type ImportRow,
  type RosterCategory,
} from '../../protocol/roster-admin.ts';
import type { Database } from '../db/schema.ts';
import { refuse, type AdminResult } from './admin-result.ts';
import { ensureHousehold } from './households.ts';
import { storedIdFor, type StoredId } from './persons.ts';
import { bumpRosterVersion } from './roster-version.ts';

export const IMPORT_MAX_ROWS = 5000;

/** The paper roster's columns as property offices head them, in Chinese or English. */
const COLUMNS = {
  building: ['楼栋', '楼号', '栋', 'building'],
  unit: ['单元', 'unit'],
  floor: ['楼层', 'floor'],
  room: ['房号', '房间', '门牌', 'room'],
  name: ['姓名', 'name'],
  category: ['类别', '身份', 'category'],
  phone: ['电话', '手机', '联系电话', 'phone'],
  idNumber: ['身份证号', '身份证', '证件号', 'id number', 'idnumber'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['building', 'unit', 'room', 'name'];

const CATEGORIES: Record<string, RosterCategory> = {
  居民: 'resident',
  业主: 'resident',
  户主: 'resident',
  家属: 'resident',
  resident: 'resident',
  owner: 'resident',
  租户: 'tenant',
  租客: 'tenant',
  tenant: 'tenant',
  工作人员: 'staff',
  物业: 'staff',
  员工: 'staff',
  staff: 'staff',
  employee: 'staff',
};

type Cell = string | number | boolean | Date | null | undefined | object;

export type ImportFormat = 'csv' | 'xlsx';

/** XLSX is a zip: it starts with `PK\3\4`; anything else is taken for CSV text. */
export function detectFormat(file: Buffer): ImportFormat {
  return file.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? 'xlsx' : 'csv';
}

/**
 * CSV text: UTF-8 when the bytes are valid UTF-8, else GB18030 — what Excel on a Chinese Windows
 * PC writes when it saves "CSV (逗号分隔)".
 */
export function csvText(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return new TextDecoder('gb18030').decode(file);
  }
}

/** csv-parse's typings do not describe what `info: true` returns: checked here instead of cast. */
const CsvRecords = z.array(z.object({ record: z.array(z.string()), info: z.object({ lines: z.number().int() }) }));

/** One row of the file with the line a person sees in Excel or a text editor. */
export interface FileRow {
  line: number;
  cells: Cell[];
}

/** The file's first sheet (XLSX) or its records (CSV, UTF-8 with or without BOM, or GB18030). */
export async function readRosterFile(file: Buffer): Promise<AdminResult<FileRow[]>> {
  try {
    if (detectFormat(file) === 'xlsx')
      return { ok: true, value: ((await readSheet(file)) as Cell[][]).map((cells, i) => ({ line: i + 1, cells })) };
    const records = CsvRecords.parse(parseCsv(csvText(file), { bom: true, relax_column_count: true, info: true }));
    // `info.lines` is the line a record ends on, so blank lines and quoted line breaks keep the numbering true.
    return { ok: true, value: records.map(({ record, info }) => ({ line: info.lines, cells: record })) };
  } catch (error) {
    return refuse(
      400,
      'unreadable-file',
      `the file is neither a readable CSV nor an XLSX workbook: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Cell text; a phone typed into a number cell comes back as its digits. */
function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

function headerIndex(header: Cell[]): AdminResult<Partial<Record<Column, number>>> {
  const index: Partial<Record<Column, number>> = {};
  header.forEach((cell, i) => {
    const text = cellText(cell).toLowerCase();
    for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if ((names as readonly string[]).includes(text) && index[column] === undefined) index[column] = i;
    }
  });
  const missing = REQUIRED.filter((c) => index[c] === undefined);
  if (missing.length)
    return refuse(
      400,
      'missing-columns',
      `the first row must name the columns; missing: ${missing.map((c) => COLUMNS[c][0]).join('、')}`,
    );
  return { ok: true, value: index };
}

interface CheckedRow {
  view: ImportRow;
  category: RosterCategory;
  floor: number | null;
  storedId: StoredId | null;
}

/** Checks every row on its own and against the roster and the rest of the file; nothing is written. */
export async function checkRosterRows(
  db: Kysely<Database>,
  idHashKey: Buffer,
  communityId: string,
  rows: FileRow[],
): Promise<AdminResult<CheckedRow[]>> {
  const filled = rows.filter((row) => row.cells.some((cell) => cellText(cell) !== ''));
  const [header, ...records] = filled;
  if (!header) return refuse(400, 'empty-file', 'the file has no rows');
  const columns = headerIndex(header.cells);
  if (!columns.ok) return columns;
  if (records.length > IMPORT_MAX_ROWS)
    return refuse(413, 'too-many-rows', `at most ${IMPORT_MAX_ROWS} rows per import; split the file`);

  const known = new Set(
    (
      await db
        .selectFrom('persons')
        .select('id_hash')
        .where('community_id', '=', communityId)
        .where('id_hash', 'is not', null)
        .execute()
    ).map((p) => p.id_hash),
  );
  const seenInFile = new Map<string, number>();
  const checked: CheckedRow[] = [];
  for (const { line, cells: row } of records) {
    const get = (column: Column): Cell => (columns.value[column] === undefined ? null : row[columns.value[column]!]);
    const errors: ImportProblem[] = [];
    const building = cellText(get('building'));
    const unit = cellText(get('unit'));
    const room = cellText(get('room'));
    const name = cellText(get('name'));
    for (const [value, column] of [
      [building, 'building'],
      [unit, 'unit'],
      [room, 'room'],
      [name, 'name'],
    ] as const) {
      if (!value) errors.push({ code: 'missing', column });
    }
    if (name && name.length > 50) errors.push({ code: 'name-too-long' });
    // PostgreSQL text cannot hold it, and no roster field needs it: the row is refused on either database.
    if (row.some((cell) => typeof cell === 'string' && cell.includes('\u0000'))) errors.push({ code: 'nul-character' });
    const categoryText = cellText(get('category'));
    const category = categoryText === '' ? 'resident' : CATEGORIES[categoryText.toLowerCase()];
    if (!category) errors.push({ code: 'unknown-category', value: categoryText });
    const floorText = cellText(get('floor'));
    const floor = floorText === '' ? null : Number(floorText);
    if (floor !== null && !Number.isInteger(floor)) errors.push({ code: 'floor-not-integer', value: floorText });
    const phoneText = cellText(get('phone'));
    if (phoneText && !PhoneNumber.safeParse(phoneText).success) errors.push({ code: 'bad-phone' });

    const idCell = get('idNumber');
    let storedId: StoredId | null = null;
    let idMasked: string | null = null;
    if (typeof idCell === 'number' && !Number.isSafeInteger(idCell)) {
      // Excel keeps 15 significant digits: an 18-digit number typed into a number cell has lost its tail.
      errors.push({ code: 'id-stored-as-number' });
    } else if (cellText(idCell) !== '') {
      const check = checkResidentId(cellText(idCell));
      const stored = check.ok ? storedIdFor(idHashKey, cellText(idCell)) : null;
      idMasked = maskResidentId(cellText(idCell));
      if (!check.ok) errors.push({ code: 'bad-id-number', reason: check.reason });
      else if (stored?.ok) {
        storedId = stored.value;
        idMasked = stored.value.idMasked;
        if (known.has(stored.value.idHash)) errors.push({ code: 'id-on-roster', idMasked });
        const earlier = seenInFile.get(stored.value.idHash);
        if (earlier !== undefined) errors.push({ code: 'id-repeated', line: earlier });
        else seenInFile.set(stored.value.idHash, line);
      }
    }
    checked.push({
      view: { line, building, unit, room, name, category: category ?? categoryText, phone: phoneText || null, idMasked, errors },
      category: category ?? 'resident',
      floor,
      storedId,
    });
  }
  return { ok: true, value: checked };
}

function preview(rows: CheckedRow[], imported: ImportPreview['imported']): ImportPreview {
  const invalid = rows.filter((r) => r.view.errors.length > 0).length;
  return { rows: rows.map((r) => r.view), valid: rows.length - invalid, invalid, imported };
}

/** What an import would do, row by row. */
export async function previewRosterImport(
  db: Kysely<Database>,
  idHashKey: Buffer,
  communityId: string,
  file: Buffer,
): Promise<AdminResult<ImportPreview>> {
  const cells = await readRosterFile(file);
  if (!cells.ok) return cells;
  const rows = await checkRosterRows(db, idHashKey, communityId, cells.value);
  return rows.ok ? { ok: true, value: preview(rows.value, null) } : rows;
}

/**
 * Writes the valid rows in one transaction (households found or created by address) and reports
 * the invalid ones with their reasons, so none is dropped silently.
 */
export async function commitRosterImport(
  db: Kysely<Database>,
  idHashKey: Buffer,
  communityId: string,
  file: Buffer,
): Promise<AdminResult<ImportPreview>> {
  const cells = await readRosterFile(file);
  if (!cells.ok) return cells;
  return db.transaction().execute(async (trx) => {
    const rows = await checkRosterRows(trx, idHashKey, communityId, cells.value);
    if (!rows.ok) return rows;
    let households = 0;
    let persons = 0;
    for (const row of rows.value) {
      if (row.view.errors.length) continue;
      const household = await ensureHousehold(trx, communityId, {
        building: row.view.building,
        unit: row.view.unit,
        floor: row.floor,
        room: row.view.room,
      });
      if (household.created) households++;
      await trx
        .insertInto('persons')
        .values({
          id: uuidv7(),
          community_id: communityId,
          household_id: household.id,
          name: row.view.name,
          category: row.category,
          phone: row.view.phone,
          id_hash: row.storedId?.idHash ?? null,
          id_masked: row.storedId?.idMasked ?? null,
        })
        .execute();
      persons++;
    }
    if (persons > 0) await bumpRosterVersion(trx, communityId);
    return { ok: true, value: preview(rows.value, { households, persons }) };
  });
}
