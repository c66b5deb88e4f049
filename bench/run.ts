/**
 * `npm run bench [-- --quick]`: prints figures and writes bench/results/latest.json. Figures only:
 * nothing here passes or fails on time.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import type { SyncBatchResponse } from '../protocol/index.ts';
import { ScannerLineParser } from '../hardware/scanner-line-parser.ts';
import { buildApp } from '../server/app.ts';
import { openDataDir } from '../server/data-dir.ts';
import { seedDemo } from '../server/seed.ts';
import { makeEntryRecord } from '../server/test-support/entries.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const scale = values.quick ? 0.1 : 1;

interface Figure {
  name: string;
  value: number;
  unit: string;
  detail: string;
}

async function scannerParser(lines: number): Promise<Figure> {
  const parser = new ScannerLineParser({ lineEnding: 'CRLF' });
  const input = new PassThrough();
  input.pipe(parser);
  let seen = 0;
  const done = new Promise<void>((resolveDone) => {
    parser.on('data', () => {
      seen += 1;
      if (seen === lines) resolveDone();
    });
  });
  const line = Buffer.from('CP1.eyJwZXJzb25JZCI6IjAxYTIxM2NiIn0.J8ZVEp_xL8kTuEgrtDKnKI0sDMC0i0DYcU91c3hUiD\r\n');
  const start = performance.now();
  for (let i = 0; i < lines; i++) input.write(line);
  await done;
  const seconds = (performance.now() - start) / 1000;
  return { name: 'scanner line parser', value: Math.round(lines / seconds), unit: 'lines/s', detail: `${lines} pass lines` };
}

async function ingestOverHttp(entries: number, batchSize: number): Promise<Figure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-'));
  const { db, keys } = await openDataDir(dataDir);
  await seedDemo({ db, keys, dataDir, serverUrl: 'http://127.0.0.1' });
  const gate = JSON.parse(readFileSync(join(dataDir, 'demo-gate.json'), 'utf8')) as { deviceId: string; gateId: string; deviceToken: string };
  const app = await buildApp({ db, keys, logger: false, consoleDir: dataDir });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const batches = Array.from({ length: Math.ceil(entries / batchSize) }, () =>
    JSON.stringify({ batchId: uuidv7(), entries: Array.from({ length: batchSize }, () => makeEntryRecord(gate)) }),
  );
  let stored = 0;
  const start = performance.now();
  for (const body of batches) {
    const response = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gate.deviceToken}` },
      body,
    });
    const answer = (await response.json()) as SyncBatchResponse;
    stored += answer.results.filter((r) => r.status === 'stored').length;
  }
  const seconds = (performance.now() - start) / 1000;
  await app.close();
  await db.destroy();
  return {
    name: 'ingest over HTTP (SQLite)',
    value: Math.round(stored / seconds),
    unit: 'entries/s',
    detail: `${stored} stored in batches of ${batchSize}`,
  };
}

const figures = [await scannerParser(Math.round(100_000 * scale)), await ingestOverHttp(Math.round(20_000 * scale), 500)];

console.table(figures.map((f) => ({ benchmark: f.name, value: f.value.toLocaleString('en'), unit: f.unit, detail: f.detail })));
const results = resolve(import.meta.dirname, 'results');
mkdirSync(results, { recursive: true });
writeFileSync(
  join(results, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, quick: values.quick, figures }, null, 2)}\n`,
);
console.log(`written ${join(results, 'latest.json')}`);
