import ExcelJS from 'exceljs';
import type { LevelNames } from '../../protocol/org.ts';
import type { CompoundLack, RollupResponse } from '../../protocol/rollups.ts';
import { ROLLUP_CSV_HEADER, rollupCsvRows, type Language } from './rollup-csv.ts';

const WORDS = {
  'zh-CN': {
    figures: '汇总',
    standing: '各小区无疫情况',
    compound: '小区',
    under: '所属',
    free: '无疫',
    close: '接近无疫',
    lacks: '尚缺',
    yes: '是',
    no: '否',
    kind: { 'confirmed-case': '确诊病例', watch: '重点人员', 'fever-event': '发热事件未处理' },
    until: '至',
    act: '需要处理',
  },
  en: {
    figures: 'Roll-up',
    standing: 'Epidemic-free by compound',
    compound: 'Compound',
    under: 'Under',
    free: 'Epidemic-free',
    close: 'Close to free',
    lacks: 'Lacks',
    yes: 'yes',
    no: 'no',
    kind: { 'confirmed-case': 'confirmed case', watch: 'person under watch', 'fever-event': 'fever not followed up' },
    until: 'until',
    act: 'needs action',
  },
} as const;

/** What a compound lacks, without whom: the sheet is sent up the chain, names stay in the community. */
function lacksText(lacks: readonly CompoundLack[], lang: Language): string {
  const w = WORDS[lang];
  return lacks.map((l) => `${w.kind[l.kind]} (${l.until ? `${w.until} ${l.until}` : w.act})`).join('; ');
}

/**
 * The roll-up as an Excel workbook: the same rows and columns as the CSV on the first sheet (numbers
 * as numbers, the header bold and frozen), each compound's epidemic-free standing on the second.
 */
export async function rollupXlsx(rollup: RollupResponse, lang: Language, levelNames: LevelNames): Promise<Buffer> {
  const w = WORDS[lang];
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const figures = book.addWorksheet(w.figures, { views: [{ state: 'frozen', ySplit: 1 }] });
  figures.addRow([...ROLLUP_CSV_HEADER[lang]]);
  for (const row of rollupCsvRows(rollup, lang, levelNames)) figures.addRow(row.map((cell) => cell ?? null));
  figures.getRow(1).font = { bold: true };
  figures.columns.forEach((column, i) => (column.width = i === 0 ? 24 : i === 2 ? 24 : 11));

  const standing = book.addWorksheet(w.standing, { views: [{ state: 'frozen', ySplit: 1 }] });
  standing.addRow([levelNames.compound[lang] || w.compound, w.under, w.free, w.close, w.lacks]);
  const childName = new Map(rollup.children.map((c) => [c.id, c.name]));
  for (const c of rollup.compounds)
    standing.addRow([
      c.name,
      childName.get(c.childId) ?? c.name,
      c.epidemicFree ? w.yes : w.no,
      c.closeToFree ? w.yes : w.no,
      lacksText(c.lacks, lang),
    ]);
  standing.getRow(1).font = { bold: true };
  standing.columns.forEach((column, i) => (column.width = i === 4 ? 60 : 20));
  return Buffer.from(await book.xlsx.writeBuffer());
}
