import { statfsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ScreenReport } from '../../protocol/fleet.ts';
import type { DeviceStatus } from '../../protocol/hardware-events.ts';
import type { SpoolStatus } from '../../protocol/spool.ts';
import type { FirmwareInfo } from '../devices/board/firmata-firmware.ts';
import type { ThermometerJudgement } from '../devices/device-events.ts';
import { calibrationInfo } from '../devices/thermometer/thermometer-calibration.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import type { Spool } from '../spool/spool.ts';
import { callServer, type UplinkOptions } from '../spool/uplink.ts';
import { DatabaseWatch } from './database-watch.ts';
import { DeviceHealth, type DeviceDetails } from './device-health.ts';
import { GateHeartbeat } from './gate-heartbeat.ts';
import { registerGateMetrics } from './gate-metrics.ts';
import { gateReport } from './gate-report.ts';

/** Under this much free space in its data folder the gate reports its disk full. */
const DISK_FULL_BYTES = 1024 * 1024;

export interface GateOperationsOptions {
  dataDir: string;
  /** CHECKPOINT_GATE_METRICS_TOKEN; null: /metrics from the gate itself only. */
  metricsToken: string | null;
  heartbeatMs?: number;
  /** The firmware the Firmata board named at its last handshake. */
  boardFirmware?: () => FirmwareInfo | null;
  /**
   * The thermometer is the MLX90614 read through the Firmata board, so the board's firmware is the
   * one it runs. A thermometer gun or thermal array names no firmware on its serial line.
   */
  thermometerOnBoard?: boolean;
}

export interface GateOperations {
  noteStatus(status: DeviceStatus): void;
  forwarded(status: SpoolStatus): void;
  /** A kiosk screen opened the event stream: it says what it holds itself, and is gone when the stream closes. */
  screenConnected(screen: { id: string; name: string }): { holding: (entries: number) => void; left: () => void };
}

function firmwareOf(info: FirmwareInfo | null | undefined): DeviceDetails['firmware'] {
  if (!info?.name) return null;
  return { name: info.name, version: info.version ? `${info.version.major}.${info.version.minor}` : 'unknown' };
}

/**
 * The gate's side of watching a deployment (docs/operations.md): the heartbeat to the server with
 * its devices, screens and spool, after each sync and every minute; a new database on the server
 * makes the spool offer its entries again; /metrics for a scraper.
 */
export function installGateOperations(
  app: FastifyInstance,
  deps: {
    spool: Spool;
    uplink: UplinkOptions;
    thermometer: ThermometerJudgement;
    logger: GateLogger;
    now: () => Date;
    kickForwarder: () => void;
  },
  options: GateOperationsOptions,
): GateOperations {
  const { spool, logger, now } = deps;
  const health = new DeviceHealth();
  const screens = new Map<string, ScreenReport>();
  // A connection's own key: one paired screen may hold two streams (a second tab, a reload racing the close).
  let connections = 0;
  let forwarderError: string | null = null;
  let lastSuccessAt: string | null = null;

  const diskFull = (): boolean => {
    try {
      const stats = statfsSync(options.dataDir);
      return stats.bavail * stats.bsize < DISK_FULL_BYTES;
    } catch {
      return false;
    }
  };
  const spoolState = () => ({ ...spool.counts(), oldestUnsentAt: spool.oldestUnsentAt(), diskFull: diskFull() });
  const details = () => {
    const firmware = firmwareOf(options.boardFirmware?.());
    return {
      board: { firmware, calibrationExpiresAt: null },
      thermometer: {
        firmware: options.thermometerOnBoard ? firmware : null,
        calibrationExpiresAt: calibrationInfo(deps.thermometer.calibration, now()).expiresAt,
      },
    };
  };
  const database = new DatabaseWatch({
    dataDir: options.dataDir,
    spool,
    logger,
    onReoffer: () => deps.kickForwarder(),
  });
  const heartbeat = new GateHeartbeat({
    report: () =>
      gateReport({
        now: now(),
        spool: spoolState(),
        devices: health.reports(details()),
        screens: [...screens.values()],
        lastError: forwarderError,
      }),
    send: (report) => callServer(deps.uplink, { method: 'POST', path: '/api/v1/device/heartbeat', json: JSON.stringify(report) }),
    onDatabase: (identity) => database.seen(identity),
    logger,
    intervalMs: options.heartbeatMs,
    now,
  });
  app.addHook('onReady', async () => heartbeat.start());
  app.addHook('onClose', async () => heartbeat.stop());
  registerGateMetrics(
    app,
    {
      spool: spoolState,
      devices: () => health.reports(details()),
      heartbeat: () => heartbeat.state,
      screens: () => screens.size,
    },
    { token: options.metricsToken, now },
  );

  return {
    noteStatus: (status) => health.note(status),
    forwarded: (status) => {
      forwarderError = status.lastError;
      // With each sync: a batch the server answered.
      if (status.lastSuccessAt !== null && status.lastSuccessAt !== lastSuccessAt) {
        lastSuccessAt = status.lastSuccessAt;
        heartbeat.kick();
      }
    },
    screenConnected: (paired) => {
      const key = String(++connections);
      screens.set(key, { id: paired.id, name: paired.name, connectedAt: now().toISOString(), holdingEntries: null });
      return {
        holding: (entries) => {
          const screen = screens.get(key);
          if (screen) screens.set(key, { ...screen, holdingEntries: entries });
        },
        left: () => void screens.delete(key),
      };
    },
  };
}
