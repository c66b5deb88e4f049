import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { DeviceReport, GateReport } from '../../protocol/fleet.ts';
import { apiError } from '../service/api-error.ts';
import type { HeartbeatState } from './gate-heartbeat.ts';

/** What the gate's metrics read at each scrape. */
export interface GateMetricsSource {
  spool: () => GateReport['spool'];
  devices: () => DeviceReport[];
  heartbeat: () => HeartbeatState;
  screens: () => number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A scraper with the gate's monitoring token (CHECKPOINT_GATE_METRICS_TOKEN, `Authorization:
 * Bearer …`), or with no token set a process on the gate itself. The kiosk's own page is on
 * loopback too, but it has no use for these figures and they name nobody.
 */
function allowed(request: FastifyRequest, token: string | null): boolean {
  const header = request.headers.authorization;
  if (!token) return LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header.slice(7)), digest(token));
}

/**
 * The gate's Prometheus metrics at GET /metrics (docs/operations.md, "Metrics"): spool depth and
 * the age of the oldest unsent entry, each device's state and reconnects, calibration expiry, the
 * last heartbeat the server answered. Labels are device kinds only: nothing names a person.
 */
export function registerGateMetrics(
  app: FastifyInstance,
  source: GateMetricsSource,
  options: { token: string | null; now?: () => Date },
): void {
  const now = options.now ?? (() => new Date());
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'checkpoint_gate_' });
  const gauge = (name: string, help: string, collect: (gauge: Gauge) => void, labelNames: string[] = []) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        collect(this);
      },
    });

  gauge('checkpoint_gate_spool_unsent', 'Entries the gate holds that the server has not answered.', (g) =>
    g.set(source.spool().unsent),
  );
  gauge('checkpoint_gate_spool_rejected', 'Entries the server refused, kept with the reason.', (g) =>
    g.set(source.spool().rejected),
  );
  gauge('checkpoint_gate_spool_oldest_unsent_age_seconds', 'Age of the oldest unsent entry; 0 when none.', (g) => {
    const oldest = source.spool().oldestUnsentAt;
    g.set(oldest ? Math.max(0, (now().getTime() - Date.parse(oldest)) / 1000) : 0);
  });
  gauge('checkpoint_gate_disk_full', '1 while the gate cannot save to its data folder.', (g) =>
    g.set(source.spool().diskFull ? 1 : 0),
  );
  gauge(
    'checkpoint_gate_device_up',
    '1 when the device is connected, 0 otherwise.',
    (g) => {
      g.reset();
      for (const device of source.devices()) g.set({ device: device.device }, device.state === 'connected' ? 1 : 0);
    },
    ['device'],
  );
  gauge(
    'checkpoint_gate_device_reconnects',
    'Times the device was lost and found again since the gate started.',
    (g) => {
      g.reset();
      for (const device of source.devices()) g.set({ device: device.device }, device.reconnects);
    },
    ['device'],
  );
  gauge(
    'checkpoint_gate_calibration_expires_timestamp_seconds',
    'When the device calibration runs out (Unix seconds).',
    (g) => {
      g.reset();
      for (const device of source.devices())
        if (device.calibrationExpiresAt) g.set({ device: device.device }, Date.parse(device.calibrationExpiresAt) / 1000);
    },
    ['device'],
  );
  gauge('checkpoint_gate_heartbeat_answered_timestamp_seconds', 'When the server last answered a heartbeat; 0: never.', (g) => {
    const at = source.heartbeat().lastAnsweredAt;
    g.set(at ? Date.parse(at) / 1000 : 0);
  });
  gauge('checkpoint_gate_screens', 'Kiosk screens connected to the gate.', (g) => g.set(source.screens()));

  app.get('/metrics', async (request, reply) => {
    if (!allowed(request, options.token))
      return apiError(reply, 401, 'monitor-unauthorized', 'metrics need the monitoring token, or a request from the gate itself');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
