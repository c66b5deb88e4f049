import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DeviceConfigStore, fetchDeviceConfig } from './device-config-store.ts';
import { GateConfigError, loadGateConfig, parseGateConfig, type GateConfig } from './config/gate-config.ts';
import { buildGateKit } from './gate-kit.ts';
import { consoleLogger } from './service/gate-logger.ts';
import { buildGateService } from './service/gate-service.ts';
import { gateHostNames } from './service/screen-access.ts';
import { ScreenPairing } from './pairing/screen-pairing.ts';
import { demoGateDataDir } from './pairing/pairing-commands.ts';
import { RosterCache } from './roster/roster-cache.ts';
import { serverFetch } from './spool/server-fetch.ts';
import { GuardPinStore } from './guard-pins/guard-pin-store.ts';
import { Spool } from './spool/spool.ts';

/**
 * `tsx hardware/main.ts [--config path] [--port n]`: without a config file, the demo gate on the
 * simulated kit (an MLX90614 on an emulated Firmata board, read by the real johnny-five driver,
 * and an ID-card reader;
 * CHECKPOINT_DEMO_THERMOMETER=gun swaps in the serial thermometer gun, =thermal-array the
 * GY-MCU90640 thermal array); --port overrides the
 * configured port (npm start and the tests pick their own).
 */

/** The server's seed writes the demo gate's credentials into the shared data folder. */
const DATA_DIR = process.env.CHECKPOINT_DATA_DIR ?? 'data';
const DEMO_GATE_FILE = join(DATA_DIR, 'demo-gate.json');

/** The demo thermometer was "calibrated" when the demo started, so its readings show a current record. */
const DEMO_CALIBRATION = {
  offsetC: 0,
  calibratedAt: new Date().toISOString(),
  by: 'demo',
  method: 'blackbody',
  referenceC: 37,
};

const PRUNE_EVERY_MS = 6 * 3_600_000;
const SHUTDOWN_GRACE_MS = 2_000;

async function demoConfig(): Promise<GateConfig> {
  let demo: Record<string, unknown>;
  try {
    demo = JSON.parse(await readFile(DEMO_GATE_FILE, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new GateConfigError(
      `cannot read ${DEMO_GATE_FILE} (${(error as Error).message}): run \`npm run seed\` first, or pass --config <file>`,
    );
  }
  // A drill may set the spool's and the heartbeat's timing in the demo gate file, as gate.json would.
  const { serverUrl, deviceId, gateId, deviceToken, spool, heartbeatMs } = demo;
  const demoThermometer = process.env.CHECKPOINT_DEMO_THERMOMETER;
  const thermometer =
    demoThermometer === 'gun' || demoThermometer === 'thermal-array'
      ? { kind: demoThermometer, calibration: DEMO_CALIBRATION }
      : // A quicker, more patient sensor than a real gate's defaults: the demo machine also runs
        // the server, the browser and often a test suite, and a stalled event loop must not read
        // as a dead sensor.
        { kind: 'mlx90614', sampleMs: 50, answerTimeoutMs: 3000, presence: { windowSize: 3 }, calibration: DEMO_CALIBRATION };
  return parseGateConfig(
    {
      serverUrl,
      deviceId,
      gateId,
      deviceToken,
      simulate: true,
      dataDir: demoGateDataDir(),
      thermometer,
      idCardReader: {},
      spool,
      heartbeatMs,
    },
    DEMO_GATE_FILE,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, port: { type: 'string' } } });
  const loaded = values.config ? await loadGateConfig(values.config) : await demoConfig();
  const config = values.port === undefined ? loaded : parseGateConfig({ ...loaded, port: Number(values.port) }, '--port');
  const logger = consoleLogger;
  const fetch = serverFetch(config.serverCa);
  const uplink = { serverUrl: config.serverUrl, deviceToken: config.deviceToken, fetch };

  const kit = await buildGateKit(config, { logger });
  const deviceConfig = new DeviceConfigStore({ dataDir: config.dataDir, logger, fetchConfig: () => fetchDeviceConfig(uplink) });
  await deviceConfig.start();
  const spool = new Spool(config.dataDir, { retentionDays: config.spool.retentionDays });
  const prune = () => {
    const dropped = spool.prune(new Date());
    const { unsent, rejected } = spool.counts();
    logger.info(
      `spool: ${unsent} entries not yet answered by the server, ${rejected} rejected${dropped ? `; ${dropped} answered more than ${config.spool.retentionDays} days ago deleted` : ''}`,
    );
  };
  prune();
  const pruning = setInterval(prune, PRUNE_EVERY_MS);
  const pairing = new ScreenPairing(config.dataDir);
  const guardPins = new GuardPinStore(config.dataDir);
  const app = await buildGateService({
    config: { serverUrl: config.serverUrl, deviceToken: config.deviceToken, kioskDir: config.kioskDir },
    devices: kit.devices,
    simulator: kit.simulator,
    deviceConfig,
    spool,
    forwarding: config.spool,
    rosterCache: new RosterCache(config.dataDir, logger),
    pairing,
    guardPins,
    allowedHosts: gateHostNames(config.hostNames),
    operations: {
      dataDir: config.dataDir,
      metricsToken: process.env.CHECKPOINT_GATE_METRICS_TOKEN || null,
      heartbeatMs: config.heartbeatMs,
      boardFirmware: () => kit.boardLink?.firmware ?? null,
      thermometerOnBoard: config.thermometer.kind === 'mlx90614',
    },
    fetch,
    logger,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`${signal}: closing ports and the server`);
    deviceConfig.stop();
    clearInterval(pruning);
    // A connection a browser opened ahead and never used counts as busy, and would hold the close
    // for Node's 60-s header timeout: whatever is still open after a moment is cut (a kiosk whose
    // hand-over is cut holds the entry and hands it over again).
    const cut = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await app.close();
    clearTimeout(cut);
    spool.close();
    pairing.close();
    guardPins.close();
    await kit.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  kit.start();
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await kit.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info(
    `${config.simulate ? 'simulated kit' : 'real devices'}; community server ${config.serverUrl}${config.serverCa ? ` (trusting only the CA in ${config.serverCa})` : ''}`,
  );
  console.log(`Checkpoint kiosk: http://${host}:${port}/`);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof GateConfigError ? error.message : `gate service failed to start: ${(error as Error).stack ?? String(error)}`,
  );
  process.exit(1);
});
