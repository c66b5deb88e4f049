import { DEFAULT_LEVEL_NAMES, type LevelNames } from '../../protocol/org.ts';
import type { RollupFigures, RollupResponse } from '../../protocol/rollups.ts';
import type { CsvRow } from '../review/exports.ts';

export type Language = 'zh-CN' | 'en';

/** The columns of the sheet a street office sends up, in the reader's language. */
export const ROLLUP_CSV_HEADER: Record<Language, readonly string[]> = {
  'zh-CN': [
    '单位',
    '层级',
    '日期',
    '通行合计',
    '进',
    '出',
    '访客',
    '车辆',
    '发热',
    '劝返',
    '发热待跟进',
    '复测正常',
    '居家',
    '送医',
    '隔离',
    '其他结果',
    '居家观察人数',
    '小区数',
    '无疫小区',
    '接近无疫',
  ],
  en: [
    'Unit',
    'Level',
    'Dates',
    'Passages',
    'In',
    'Out',
    'Visitors',
    'Vehicles',
    'Fevers',
    'Denied',
    'Fevers open',
    'Normal on recheck',
    'Sent home',
    'Hospital',
    'Isolated',
    'Other outcome',
    'Home observation',
    'Compounds',
    'Epidemic-free',
    'Close to free',
  ],
};

const TOTAL: Record<Language, string> = { 'zh-CN': '合计', en: 'Total' };

/** One unit's figures as a row of the sheet (the daily report's sheet uses the same columns). */
export function figureRow(name: string, level: string, dates: string, f: RollupFigures): CsvRow {
  return [
    name,
    level,
    dates,
    f.passages,
    f.passagesIn,
    f.passagesOut,
    f.visitors,
    f.vehicles,
    f.fevers,
    f.denied,
    f.feverOpen,
    f.feverOutcomes['normal-on-recheck'],
    f.feverOutcomes['sent-home'],
    f.feverOutcomes.hospital,
    f.feverOutcomes.isolated,
    f.feverOutcomes.other,
    f.homeObservation,
    f.compounds,
    f.epidemicFree,
    f.closeToFree,
  ];
}

/** One row per child for the day, then per child for the period, each block closed by its total; levels named as this server names them. */
export function rollupCsvRows(rollup: RollupResponse, lang: Language, levelNames: LevelNames = DEFAULT_LEVEL_NAMES): CsvRow[] {
  const period = rollup.from === rollup.to ? rollup.to : `${rollup.from}–${rollup.to}`;
  const block = (span: 'day' | 'period', dates: string) => [
    ...rollup.children.map((child) => figureRow(child.name, levelNames[child.level][lang], dates, child[span])),
    figureRow(rollup.node.name, TOTAL[lang], dates, rollup.total[span]),
  ];
  return rollup.from === rollup.to ? block('day', rollup.to) : [...block('day', rollup.to), ...block('period', period)];
}
