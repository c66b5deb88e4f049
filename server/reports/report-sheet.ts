import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { ReportFigures, type ReportStatus } from '../../protocol/daily-reports.ts';
import type { LevelNames } from '../../protocol/org.ts';
import type { RollupFigures } from '../../protocol/rollups.ts';
import { zonedDateTime } from '../../protocol/zoned-time.ts';
import type { Database } from '../db/schema.ts';
import type { CsvRow } from '../review/exports.ts';
import { figureRow, ROLLUP_CSV_HEADER } from '../rollups/rollup-csv.ts';
import { reportsOfDay, type ReportNode } from './report-board.ts';
import { byName } from './report-deadlines.ts';

export type SheetLanguage = 'zh-CN' | 'en';

const WORDS = {
  'zh-CN': {
    street: '街道',
    status: '状态',
    version: '版本',
    submittedAt: '上报时间',
    submittedBy: '上报人',
    total: '已上报合计',
    sheet: '社区日报',
    statuses: { submitted: '按时上报', late: '迟报', missing: '缺报', due: '待报' },
  },
  en: {
    street: 'Street office',
    status: 'Status',
    version: 'Version',
    submittedAt: 'Submitted at',
    submittedBy: 'Submitted by',
    total: 'Total submitted',
    sheet: 'Daily reports',
    statuses: { submitted: 'On time', late: 'Late', missing: 'Missing', due: 'Due' },
  },
} as const satisfies Record<SheetLanguage, { statuses: Record<ReportStatus, string> } & Record<string, unknown>>;

/** The roll-up sheet's figure columns, after its unit, level and dates. */
const FIGURE_COLUMNS = 3;

export function reportSheetHeader(lang: SheetLanguage, levelNames: LevelNames): string[] {
  const w = WORDS[lang];
  const rollup = ROLLUP_CSV_HEADER[lang];
  return [
    levelNames.street[lang] || w.street,
    levelNames.community[lang],
    rollup[2]!,
    w.status,
    w.version,
    w.submittedAt,
    w.submittedBy,
    ...rollup.slice(FIGURE_COLUMNS),
  ];
}

function sum(into: RollupFigures, part: RollupFigures): void {
  for (const key of ['passages', 'visitors', 'vehicles', 'fevers', 'denied', 'feverOpen', 'homeObservation'] as const)
    into[key] += part[key];
  for (const key of ['compounds', 'epidemicFree', 'closeToFree'] as const) into[key] += part[key];
  into.passagesIn = into.passagesIn === null || part.passagesIn === null ? null : into.passagesIn + part.passagesIn;
  into.passagesOut = into.passagesOut === null || part.passagesOut === null ? null : into.passagesOut + part.passagesOut;
  for (const [outcome, n] of Object.entries(part.feverOutcomes))
    into.feverOutcomes[outcome as keyof typeof into.feverOutcomes] += n;
}

/**
 * What a street sends up for a day: one row per community below the node with the figures of its
 * newest submitted version (blank when nothing was submitted) and where it stands, then the total
 * of what was submitted. The figures are the frozen ones, never the live draft.
 */
export async function reportSheetRows(
  db: Kysely<Database>,
  node: ReportNode,
  day: string,
  lang: SheetLanguage,
  now: Date,
): Promise<CsvRow[]> {
  const w = WORDS[lang];
  const { reports } = await reportsOfDay(db, node, day, now);
  const streets = (await db.selectFrom('org_nodes').select(['id', 'name', 'path']).where('level', '=', 'street').execute()).sort(
    byName,
  );
  let total: RollupFigures | null = null;
  const rows: CsvRow[] = reports.map(({ community, rows, status }) => {
    const submitted = rows.find((row) => row.submittedAt !== null);
    const street = streets.find((s) => community.path.startsWith(s.path))?.name ?? '';
    const facts = [street, community.name, day, w.statuses[status]];
    if (!submitted) return [...facts, null, null, null];
    const figures = ReportFigures.parse(JSON.parse(submitted.figures)).total;
    if (total === null) total = structuredClone(figures);
    else sum(total, figures);
    return [
      ...facts,
      submitted.version,
      zonedDateTime(submitted.submittedAt!, community.timeZone),
      submitted.submittedBy,
      ...figureRow('', '', '', figures).slice(FIGURE_COLUMNS),
    ];
  });
  const totalRow: CsvRow = [node.name, w.total, day, null, null, null, null];
  return [...rows, total === null ? totalRow : [...totalRow, ...figureRow('', '', '', total).slice(FIGURE_COLUMNS)]];
}

/** The same rows as a workbook: numbers as numbers, the header bold and frozen. */
export async function reportSheetXlsx(header: readonly string[], rows: readonly CsvRow[], lang: SheetLanguage): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const sheet = book.addWorksheet(WORDS[lang].sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(row.map((cell) => cell ?? null));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => (column.width = i < 2 ? 20 : i === 5 ? 26 : 11));
  return Buffer.from(await book.xlsx.writeBuffer());
}
