import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab / carriage return that hides one)
 * as a formula, so a name typed at the gate could run in the office PC's Excel. Such text cells
 * get a leading apostrophe, which Excel shows as plain text. Numbers are left as numbers.
 */
export function neutraliseCell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvRow = readonly (string | number | null)[];

/**
 * CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake), CRLF
 * line ends, every cell neutralised. Rows are pulled from `rows` as the client reads, so an
 * export of millions of entries never sits in memory.
 */
export function excelCsv(header: readonly string[], rows: AsyncIterable<CsvRow>): Readable {
  const stringifier = stringify({ bom: true, record_delimiter: 'windows' });
  async function* cells(): AsyncGenerator<(string | number)[]> {
    yield header.map((cell) => neutraliseCell(cell));
    for await (const row of rows) yield row.map(neutraliseCell);
  }
  // pipeline, not pipe: a client that hangs up destroys the CSV stream, and that stops the reads.
  return pipeline(Readable.from(cells()), stringifier, () => undefined);
}

export function csvFileName(kind: string, at: Date): string {
  return `checkpoint-${kind}-${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.csv`;
}
