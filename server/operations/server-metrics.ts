import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RecordResult } from '../../protocol/sync.ts';
import type { Database } from '../db/schema.ts';
import { MONITOR } from '../http/route-access.ts';
import type { BackupConfig } from './backup-config.ts';
import { backupStatus } from './backup-status.ts';
import { fleetView } from './fleet.ts';

/** What routes report to the metrics; buildApp decorates the app with one per process. */
export interface ServerMetrics {
  ingested(results: readonly RecordResult[]): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServerMetrics;
  }
}

/**
 * The server's Prometheus metrics at GET /metrics (docs/operations.md, "Metrics"): ingest by
 * result, request latency by route, backup age, and per gate device what the fleet page flags.
 * Labels are route patterns and device ids, never a person, an id number or a token.
 */
export function installServerMetrics(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; backup: BackupConfig | undefined; now: () => Date },
): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'checkpoint_server_' });

  const records = new Counter({
    name: 'checkpoint_ingest_records_total',
    help: 'Entry records answered by ingest, by result (stored, duplicate, rejected).',
    labelNames: ['result'],
    registers: [registry],
  });
  for (const result of ['stored', 'duplicate', 'rejected']) records.inc({ result }, 0);
  const latency = new Histogram({
    name: 'checkpoint_http_request_duration_seconds',
    help: 'HTTP request time by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: 'checkpoint_backup_age_seconds',
    help: 'Age of the last good backup; -1 when there is none.',
    registers: [registry],
    collect() {
      if (!deps.backup) return this.set(-1);
      const status = backupStatus(deps.backup, deps.now());
      this.set(status.last ? (deps.now().getTime() - Date.parse(status.last.takenAt)) / 1000 : -1);
    },
  });
  new Gauge({
    name: 'checkpoint_backup_configured',
    help: '1 when an operator key is set and backups are taken.',
    registers: [registry],
    collect() {
      this.set(deps.backup?.recipient ? 1 : 0);
    },
  });

  const seen = new Gauge({
    name: 'checkpoint_gate_last_seen_seconds',
    help: 'Seconds since each gate device last called.',
    labelNames: ['device'],
    registers: [registry],
  });
  const unsent = new Gauge({
    name: 'checkpoint_gate_unsent_entries',
    help: 'Entries each gate holds unsent, as it last reported.',
    labelNames: ['device'],
    registers: [registry],
  });
  const oldest = new Gauge({
    name: 'checkpoint_gate_oldest_unsent_seconds',
    help: 'Age of the oldest entry each gate holds unsent, as it last reported.',
    labelNames: ['device'],
    registers: [registry],
  });
  const clock = new Gauge({
    name: 'checkpoint_gate_clock_offset_seconds',
    help: 'Server clock minus each gate clock.',
    labelNames: ['device'],
    registers: [registry],
  });
  const deviceUp = new Gauge({
    name: 'checkpoint_gate_device_up',
    help: '1 when a gate reports the serial device connected.',
    labelNames: ['device', 'kind'],
    registers: [registry],
  });
  const reconnects = new Gauge({
    name: 'checkpoint_gate_device_reconnects',
    help: 'Times a gate lost and found a serial device since it started, as it last reported.',
    labelNames: ['device', 'kind'],
    registers: [registry],
  });
  const flagged = new Gauge({
    name: 'checkpoint_gate_flag',
    help: 'Fleet flags raised per gate device (1 = raised).',
    labelNames: ['device', 'flag'],
    registers: [registry],
  });

  async function collectFleet(): Promise<void> {
    const now = deps.now();
    const view = await fleetView(deps.db, { now });
    for (const metric of [seen, unsent, oldest, clock, deviceUp, reconnects, flagged]) metric.reset();
    for (const gate of view.gates) {
      const device = gate.deviceId;
      if (gate.lastSeenAt) seen.set({ device }, (now.getTime() - Date.parse(gate.lastSeenAt)) / 1000);
      if (gate.clockOffsetMs !== null) clock.set({ device }, gate.clockOffsetMs / 1000);
      for (const flag of gate.flags) flagged.set({ device, flag }, 1);
      const report = gate.report;
      if (!report) continue;
      unsent.set({ device }, report.spool.unsent);
      oldest.set({ device }, report.spool.oldestUnsentAt ? (now.getTime() - Date.parse(report.spool.oldestUnsentAt)) / 1000 : 0);
      for (const d of report.devices) {
        deviceUp.set({ device, kind: d.device }, d.state === 'connected' ? 1 : 0);
        reconnects.set({ device, kind: d.device }, d.reconnects);
      }
    }
  }

  app.decorate('metrics', {
    ingested(results: readonly RecordResult[]) {
      for (const result of results) records.inc({ result: result.status });
    },
  } satisfies ServerMetrics);

  app.addHook('onResponse', async (request, reply) => {
    // Unknown URLs share one label: a scanner walking random paths must not grow the series.
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe(
      { route, method: request.method, status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { config: { access: MONITOR } }, async (_request, reply) => {
    await collectFleet();
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
