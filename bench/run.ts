/**
 * `npm run bench [-- --quick] [--screenings N] [--only built,gate,kiosk,ingest,review,district] [--databases sqlite,postgres] [--review-sizes 1000000,10000000] [--district-sizes 1000000,20000000]`: measures Checkpoint the way guards feel it
 * (gate latency, the kiosk's journal, heap and catch-up) and the way a city would load it (ingest,
 * review queries at 1 M and 10 M entries), prints a table and writes bench/results/latest.json.
 * Figures only: nothing here passes or fails on time. A section that breaks is reported and the
 * rest still run; the exit code is then 1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchPostgres, type BenchPostgres } from './bench-postgres.ts';
import { measureGateLatency, measureReadingPipeline } from './gate-latency.ts';
import { openGateRig } from './gate-rig.ts';
import { measureBoardLatency } from './board-latency.ts';
import { BOARDS } from '../test/support/simulated-boards.ts';
import { measureIngest } from './ingest-throughput.ts';
import { measureKioskHeap, measureOfflineCatchUp } from './kiosk-figures.ts';
import { CACHE_DIR, ensureReviewDataset } from './review-dataset.ts';
import { measureReviewQueries } from './review-queries.ts';
import { ensureDistrict } from './district-densify.ts';
import type { DistrictDataset } from './district-dataset.ts';
import { measureDistrictQueries, type DistrictQueryFigure } from './district-queries.ts';
import { measureIngestProcesses } from './ingest-processes.ts';
import { MAX_BATCH } from '../protocol/sync.ts';
import { checkProductionInstall } from '../scripts/production-install.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    screenings: { type: 'string' },
    only: { type: 'string' },
    databases: { type: 'string' },
    'review-sizes': { type: 'string' },
    'district-sizes': { type: 'string' },
  },
});
const quick = values.quick;
const SECTIONS = ['built', 'gate', 'kiosk', 'ingest', 'review', 'district'] as const;
const only = new Set(values.only ? values.only.split(',') : SECTIONS);
for (const name of only)
  if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${name}`);
const KINDS = ['sqlite', 'postgres'] as const;
const databases = KINDS.filter((kind) => (values.databases ? values.databases.split(',') : KINDS).includes(kind));
const sizes = {
  scans: quick ? 100 : 500,
  boardCommands: quick ? 20 : 100,
  readings: quick ? 100 : 500,
  heapSmall: quick ? 100 : 1_000,
  heapLarge: Number(values.screenings ?? (quick ? 400 : 20_000)),
  offline: quick ? 1_000 : 10_000,
  ingest: quick ? 4_000 : 20_000,
  reviewSizes: values['review-sizes']
    ? values['review-sizes'].split(',').map(Number)
    : quick
      ? [100_000]
      : [1_000_000, 10_000_000],
  reviewRounds: quick ? 8 : 30,
  districtSizes: values['district-sizes']
    ? values['district-sizes'].split(',').map(Number)
    : quick
      ? [100_000]
      : [1_000_000, 20_000_000],
  districtIngest: quick ? 4_000 : 20_000,
};

interface Row {
  section: string;
  figure: string;
  value: number;
  unit: string;
  target: string;
  note: string;
}

const rows: Row[] = [];
const failures: { section: string; error: string }[] = [];
const log = (line: string) => console.log(line);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function section(name: string, work: () => Promise<void>): Promise<void> {
  const started = performance.now();
  const before = rows.length;
  log(`— ${name}`);
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push({ section: name, error: message });
    log(`  FAILED: ${message}`);
  }
  // Printed as they come, so a long run shows its figures before the final table.
  for (const row of rows.slice(before))
    log(`  ${row.figure}: ${row.value.toLocaleString('en')} ${row.unit}${row.note ? ` (${row.note})` : ''}`);
  log(`  (${Math.round((performance.now() - started) / 1000)} s)`);
}

function machine(): Record<string, string | number> {
  const version = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n')[0]!;
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    chromium: version(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
    loadAverageAtStart: loadavg()
      .map((l) => round(l, 2))
      .join(' '),
  };
}

const at = new Date().toISOString();
const host = machine();
log(`Checkpoint bench${quick ? ' (quick)' : ''} on ${host.cpu}, ${host.cores} cores, load ${host.loadAverageAtStart}`);

if (only.has('built')) {
  await section('built (npm ci --omit=dev, the gate service and server from dist/node)', async () => {
    const built = await checkProductionInstall(resolve(import.meta.dirname, '..'), { log: () => {} });
    const note = 'node dist/node/hardware/main.js on the simulated kit, 2 s after its port opened';
    rows.push(
      {
        section: 'built',
        figure: 'gate service start-up (spawn → kiosk page answers)',
        value: Math.round(built.gateStartMs),
        unit: 'ms',
        target: '',
        note: '',
      },
      { section: 'built', figure: 'gate service resident memory', value: built.gateRssMiB, unit: 'MiB', target: '', note },
      {
        section: 'built',
        figure: 'community server resident memory (SQLite)',
        value: built.serverRssMiB,
        unit: 'MiB',
        target: '',
        note: 'idle, after seeding',
      },
      {
        section: 'built',
        figure: 'production node_modules',
        value: built.nodeModulesMiB,
        unit: 'MiB',
        target: '',
        note: 'npm ci --omit=dev',
      },
    );
  });
}

if (only.has('gate')) {
  await section('gate (server, gate service on ptys, kiosk in Chromium)', async () => {
    const rig = await openGateRig();
    try {
      const gate = await measureGateLatency(rig, sizes.scans);
      const clock = `clock ±${round(gate.clockErrorMs, 2)} ms, drift ${round(gate.clockDriftMs, 2)} ms`;
      for (const f of gate.forms) {
        const note = `${f.shown.n} scans, ${f.missed} missed; ${f.scanBytes} B with CR LF paced at 9600 baud on the pty; ${clock}`;
        rows.push(
          {
            section: 'gate',
            figure: `${f.form}: scan → name painted, p50`,
            value: round(f.shown.p50),
            unit: 'ms',
            target: '',
            note,
          },
          {
            section: 'gate',
            figure: `${f.form}: scan → name painted, p95`,
            value: round(f.shown.p95),
            unit: 'ms',
            target: '',
            note: '',
          },
          {
            section: 'gate',
            figure: `${f.form}: scan → name painted, p99`,
            value: round(f.shown.p99),
            unit: 'ms',
            target: '≤ 50 above floor',
            note: 'timed from the last byte: all of it is above the floor',
          },
          {
            section: 'gate',
            figure: `${f.form}: scan → name in DOM, p99`,
            value: round(f.dom.p99),
            unit: 'ms',
            target: '',
            note: 'before the frame that paints it',
          },
          {
            section: 'gate',
            figure: `${f.form}: scan → event at a WebSocket client, p99`,
            value: round(f.gate.p99),
            unit: 'ms',
            target: '',
            note: `the gate's share; p50 ${round(f.gate.p50, 2)} ms`,
          },
          {
            section: 'gate',
            figure: `${f.form}: wire time, measured on the pty, p50`,
            value: round(f.wire.p50),
            unit: 'ms',
            target: '',
            note: `first bit → last byte; computed floor ${round(f.floorMs)} ms = ${f.scanBytes} B × 10 bit / 9600 baud`,
          },
          {
            section: 'gate',
            figure: `${f.form}: first bit of the scan → name painted, p50`,
            value: round(f.fromFirstBit.p50),
            unit: 'ms',
            target: '',
            note: `what the guard waits; p99 ${round(f.fromFirstBit.p99)} ms`,
          },
        );
      }
      for (const under of BOARDS) {
        const board = await measureBoardLatency(under, sizes.boardCommands);
        rows.push(
          {
            section: 'gate',
            figure: `gate command → relay pin at the board, p50: ${board.firmware}`,
            value: round(board.relay.p50, 2),
            unit: 'ms',
            target: '',
            note: `${board.board}; p99 ${round(board.relay.p99, 2)} ms, ${board.relay.n} commands, ${board.missed} missed; the gate's board link over a pty at 57600 baud`,
          },
          {
            section: 'gate',
            figure: `board handshake (start → ready): ${board.firmware}`,
            value: round(board.handshakeMs),
            unit: 'ms',
            target: '',
            note: board.board,
          },
        );
      }
      const reading = await measureReadingPipeline(rig, sizes.readings);
      rows.push({
        section: 'gate',
        figure: 'gun reading → WebSocket event, p99',
        value: round(reading.latency.p99),
        unit: 'ms',
        target: '',
        note: `p50 ${round(reading.latency.p50, 2)} ms, ${reading.latency.n} readings, ${reading.missed} missed`,
      });
    } finally {
      await rig.close();
    }
  });
}

if (only.has('kiosk')) {
  await section('kiosk (server, gate service on ptys, kiosk in Chromium)', async () => {
    const rig = await openGateRig();
    try {
      const heap = await measureKioskHeap(rig, sizes.heapSmall, sizes.heapLarge);
      rows.push(
        {
          section: 'kiosk',
          figure: `JS heap after ${heap.smallCount.toLocaleString('en')} screenings`,
          value: round(heap.smallBytes / 2 ** 20, 2),
          unit: 'MiB',
          target: '',
          note: 'after forced GC',
        },
        {
          section: 'kiosk',
          figure: `JS heap after ${heap.largeCount.toLocaleString('en')} screenings`,
          value: round(heap.largeBytes / 2 ** 20, 2),
          unit: 'MiB',
          target: '',
          note: `${round(heap.screeningsPerSecond)} screenings/s through the serial lines, ${heap.failed} not logged within 10 s${heap.failedScreens.length ? `: ${heap.failedScreens.join(' / ')}` : ''}`,
        },
        {
          section: 'kiosk',
          figure: 'heap growth',
          value: round(heap.growth * 100),
          unit: '%',
          target: '≤ 10 % (1,000 → 20,000)',
          note: '',
        },
      );
      const offline = await measureOfflineCatchUp(rig, sizes.offline);
      rows.push(
        {
          section: 'kiosk',
          figure: 'logging an entry (handed to the gate, on its disk, answered), p99',
          value: round(offline.append.p99, 2),
          unit: 'ms',
          target: '',
          note: `p50 ${round(offline.append.p50, 2)} ms over ${offline.append.n} entries`,
        },
        {
          section: 'kiosk',
          figure: `catch-up: ${offline.entries.toLocaleString('en')} offline entries synced`,
          value: round(offline.catchUpMs / 1000, 2),
          unit: 's',
          target: '≤ 10 s',
          note: `of which ${round(offline.backoffMs / 1000, 2)} s until the gate's forwarder saw the server back`,
        },
      );
    } finally {
      await rig.close();
    }
  });
}

let postgres: BenchPostgres | null = null;
if ((only.has('ingest') || only.has('review') || only.has('district')) && databases.includes('postgres')) {
  await section('PostgreSQL (bench cluster under bench/.cache/postgres)', async () => {
    postgres = await startBenchPostgres(join(CACHE_DIR, 'postgres'));
  });
}

/** The kiosk's live batches are an entry or two; after an outage its outbox sends the server's limit. */
const INGEST_BATCHES = [100, MAX_BATCH] as const;

for (const kind of only.has('ingest') ? databases : []) {
  for (const batchSize of INGEST_BATCHES) {
    await section(`ingest on ${kind}, batches of ${batchSize}`, async () => {
      if (kind === 'postgres' && !postgres) throw new Error('no PostgreSQL');
      const figure = await measureIngest(kind, postgres, sizes.ingest, batchSize, 4);
      const target = kind === 'sqlite' ? '≥ 20,000' : '≥ 10,000';
      const label = `${kind}, batches of ${batchSize}`;
      rows.push(
        {
          section: `ingest ${label}`,
          figure: 'HTTP /api/v1/ingest',
          value: Math.round(figure.httpPerSecond),
          unit: 'entries/s',
          target,
          note: `${figure.entries.toLocaleString('en')} entries, ${figure.senders} gates at once, server in its own process`,
        },
        {
          section: `ingest ${label}`,
          figure: 'raw insert of the same rows (ceiling)',
          value: Math.round(figure.rawPerSecond),
          unit: 'entries/s',
          target: '',
          note: 'one transaction per batch',
        },
        {
          section: `ingest ${label}`,
          figure: 'HTTP / raw',
          value: round(figure.ratio * 100),
          unit: '%',
          target: '≥ 50 %',
          note: '',
        },
      );
    });
  }
}

for (const size of only.has('review') ? sizes.reviewSizes : []) {
  for (const kind of databases) {
    await section(`review queries, ${size.toLocaleString('en')} entries, ${kind}`, async () => {
      if (kind === 'postgres' && !postgres) throw new Error('no PostgreSQL');
      const dataset = await ensureReviewDataset(kind, size, postgres, log);
      for (const figure of await measureReviewQueries(dataset, sizes.reviewRounds)) {
        rows.push({
          section: `review ${kind} ${size / 1e6} M`,
          figure: figure.query,
          value: round(figure.latency.p99),
          unit: 'ms p99',
          target: size >= 10_000_000 ? '≤ 100' : '',
          note: `p50 ${round(figure.latency.p50)} ms; ${figure.answered} rows in the last answer`,
        });
      }
    });
  }
}

if (only.has('district') && databases.includes('postgres')) {
  const bySize: { size: number; figures: DistrictQueryFigure[] }[] = [];
  for (const size of sizes.districtSizes) {
    await section(`district: 200 compounds, ${size.toLocaleString('en')} entries, PostgreSQL`, async () => {
      if (!postgres) throw new Error('no PostgreSQL');
      const dataset = await ensureDistrict(size, postgres, log);
      const figures = await measureDistrictQueries(dataset, sizes.reviewRounds);
      bySize.push({ size: dataset.entries, figures });
      for (const figure of figures)
        rows.push({
          section: `district ${dataset.entries / 1e6} M`,
          figure: `${figure.scope} user: ${figure.query}`,
          value: round(figure.latency.p99),
          unit: figure.query.startsWith('database size') ? 'MiB' : 'ms p99',
          target: districtTarget(figure),
          note: `p50 ${round(figure.latency.p50)} ms; ${figure.answered} rows in the last answer; ${madeHow(dataset)}`,
        });
    });
  }
  bySize.sort((a, b) => a.size - b.size);
  const [smallest, largest] = [bySize[0], bySize.at(-1)];
  if (smallest && largest && largest !== smallest)
    await section(`district growth ${smallest.size / 1e6} M → ${largest.size / 1e6} M`, async () => {
      for (const figure of largest.figures) {
        const before = smallest.figures.find((f) => f.scope === figure.scope && f.query === figure.query);
        if (!before || figure.query.startsWith('database size')) continue;
        rows.push({
          section: 'district growth',
          figure: `${figure.scope} user: ${figure.query}, p50`,
          value: round((figure.latency.p50 / before.latency.p50 - 1) * 100),
          unit: '%',
          target: figure.scope === 'compound' ? '≤ 20 %' : '',
          note: `p50 ${round(before.latency.p50)} → ${round(figure.latency.p50)} ms, p99 ${round(before.latency.p99)} → ${round(figure.latency.p99)} ms`,
        });
      }
    });
  await section('district: ingest with one and with two server processes, PostgreSQL', async () => {
    if (!postgres) throw new Error('no PostgreSQL');
    const one = await measureIngestProcesses(postgres, 1, sizes.districtIngest, MAX_BATCH, 8);
    const two = await measureIngestProcesses(postgres, 2, sizes.districtIngest, MAX_BATCH, 8);
    const note = `${sizes.districtIngest.toLocaleString('en')} entries in batches of ${MAX_BATCH}, 8 gates at once, each its own device`;
    const load = (figure: typeof one) =>
      `CPU in cores: server ${figure.serverCores.map((c) => round(c, 2)).join(' + ')}, PostgreSQL ${round(figure.databaseCores, 2)}, senders ${round(figure.senderCores, 2)}; machine ${round(figure.machineBusy * 100)} % busy of ${figure.cores} cores (all users); CPU per entry ${round(((figure.serverCores.reduce((a, b) => a + b, 0) + figure.databaseCores + figure.senderCores) / figure.perSecond) * 1e6)} µs`;
    rows.push(
      {
        section: 'district ingest',
        figure: 'one server process',
        value: Math.round(one.perSecond),
        unit: 'entries/s',
        target: '',
        note: `${note}; ${load(one)}`,
      },
      {
        section: 'district ingest',
        figure: 'two server processes',
        value: Math.round(two.perSecond),
        unit: 'entries/s',
        target: '',
        note: load(two),
      },
      {
        section: 'district ingest',
        figure: 'two / one',
        value: round(two.perSecond / one.perSecond, 2),
        unit: '×',
        target: '≥ 1.6',
        note: '',
      },
    );
  });
}

function madeHow(dataset: DistrictDataset): string {
  const seconds = Math.round(dataset.loadSeconds);
  return dataset.copiesOf
    ? `${dataset.copiesOf.copies} copies of the generated ${dataset.copiesOf.entries.toLocaleString('en')}, made in ${seconds} s`
    : `generated in ${seconds} s`;
}

function districtTarget(figure: DistrictQueryFigure): string {
  if (figure.scope === 'district' && figure.query === 'roll-up, one day') return '≤ 200';
  if (figure.scope === 'district' && figure.query === 'roll-up, 14 days') return '≤ 500';
  if (figure.query.startsWith('epidemic-free')) return '≤ 1,000';
  return '';
}

const stopping: BenchPostgres | null = postgres;
if (stopping) await (stopping as BenchPostgres).stop();

console.table(
  rows.map((r) => ({
    section: r.section,
    figure: r.figure,
    value: r.value.toLocaleString('en'),
    unit: r.unit,
    target: r.target,
    note: r.note,
  })),
);
const results = resolve(import.meta.dirname, 'results');
mkdirSync(results, { recursive: true });
const file = join(results, 'latest.json');
writeFileSync(
  file,
  `${JSON.stringify(
    {
      at,
      quick,
      machine: {
        ...host,
        loadAverageAtEnd: loadavg()
          .map((l) => round(l, 2))
          .join(' '),
      },
      sizes,
      rows,
      failures,
    },
    null,
    2,
  )}\n`,
);
log(`written ${file}`);
if (failures.length > 0) {
  log(`${failures.length} section(s) failed: ${failures.map((f) => f.section).join('; ')}`);
  process.exitCode = 1;
}
