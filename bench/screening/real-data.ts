import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { MeasuringSite } from '../../protocol/index.ts';

/**
 * Paired readings in the column layout of the PhysioNet infrared-thermography data set
 * (bench/screening/physionet-irt/README.md): per subject, up to four rounds of face readings
 * (`T_FHCC1…4`, `T_Max1…4`, `canthiMax1…4`), the oral reference `aveOralM` and the room `T_atm`.
 */

/** The data set's column for each site the product supports. */
export const SITE_COLUMNS: Readonly<Record<MeasuringSite, string>> = {
  forehead: 'T_FHCC',
  'face-max': 'T_Max',
  'inner-canthus': 'canthiMax',
};

/** Oral runs about 0.3 °C above the armpit: the community's armpit figures are compared with oral + 0.3. */
export const ORAL_ABOVE_ARMPIT_C = 0.3;

export interface Subject {
  id: string;
  oralC: number;
  ambientC: number;
  /** Rounds 1–4 per site; a site missing in a row is absent. */
  rounds: Partial<Record<MeasuringSite, number[]>>;
}

export class RealDataError extends Error {}

const REQUIRED = ['SubjectID', 'aveOralM', 'T_atm'] as const;

/** The file's column names (the row naming SubjectID) and the rows under them. */
export function readTable(path: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const headerIndex = rows.findIndex((row) => row.includes('SubjectID'));
  if (headerIndex < 0)
    throw new RealDataError(`${path}: no header row with SubjectID (see bench/screening/physionet-irt/README.md)`);
  return { header: rows[headerIndex]!, rows: rows.slice(headerIndex + 1) };
}

/** A cell as a number; an empty or missing cell is NaN. */
export function cellNumber(header: readonly string[], row: readonly string[], name: string): number {
  const index = header.indexOf(name);
  const cell = index < 0 ? '' : (row[index] ?? '').trim();
  return cell === '' ? Number.NaN : Number(cell);
}

/** Reads one file; a missing column or a file with no usable row is an error naming the file. */
export function readSubjects(path: string): Subject[] {
  const { header, rows } = readTable(path);
  const column = (name: string): number => header.indexOf(name);
  const missing = REQUIRED.filter((name) => column(name) < 0);
  if (missing.length > 0) throw new RealDataError(`${path}: missing column(s) ${missing.join(', ')}`);
  const sites = (Object.entries(SITE_COLUMNS) as [MeasuringSite, string][]).filter(([, prefix]) => column(`${prefix}1`) >= 0);
  if (sites.length === 0)
    throw new RealDataError(
      `${path}: no reading columns (${Object.values(SITE_COLUMNS)
        .map((c) => `${c}1`)
        .join(', ')})`,
    );
  const number = (row: string[], name: string): number => cellNumber(header, row, name);
  const subjects: Subject[] = [];
  for (const row of rows) {
    const id = (row[column('SubjectID')] ?? '').trim();
    const oralC = number(row, 'aveOralM');
    const ambientC = number(row, 'T_atm');
    if (id === '' || !Number.isFinite(oralC) || !Number.isFinite(ambientC)) continue;
    const rounds: Subject['rounds'] = {};
    for (const [site, prefix] of sites) {
      const values = [1, 2, 3, 4].map((k) => number(row, `${prefix}${k}`));
      // A reading and its re-measure are the least a replay needs.
      if (Number.isFinite(values[0]) && Number.isFinite(values[1])) rounds[site] = values.filter(Number.isFinite);
    }
    subjects.push({ id, oralC, ambientC, rounds });
  }
  if (subjects.length === 0) throw new RealDataError(`${path}: no row with SubjectID, aveOralM and T_atm`);
  return subjects;
}

/**
 * The PhysioNet camera's calibration per site (`--fit`, whole data set): added to its raw skin
 * readings, healthy people read their median armpit temperature. `--real` uses it unless told
 * `--calibration`; a community's own file should carry readings as its device gave them (0).
 */
export const PHYSIONET_CAMERA_CALIBRATION_C: Readonly<Record<MeasuringSite, number>> = {
  forehead: 2.13,
  'face-max': 0.88,
  'inner-canthus': 0.98,
};

export const DATASET_FILES = ['FLIR_group1.csv', 'FLIR_group2.csv'].map(
  (f) => new URL(`./physionet-irt/${f}`, import.meta.url).pathname,
);
