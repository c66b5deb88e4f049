import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGateConfig, type GateConfig } from '../../hardware/config/gate-config.ts';
import { buildGateKit } from '../../hardware/gate-kit.ts';
import { GuardPinStore } from '../../hardware/guard-pins/guard-pin-store.ts';
import { ScreenPairing } from '../../hardware/pairing/screen-pairing.ts';
import { RosterCache } from '../../hardware/roster/roster-cache.ts';
import { buildGateService, type GateRoute } from '../../hardware/service/gate-service.ts';
import { gateHostNames } from '../../hardware/service/screen-access.ts';
import { Spool } from '../../hardware/spool/spool.ts';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A gate configuration on the simulated kit over in-memory links: a gate service in-process, no serial devices. */
export function mockKitConfig(serverUrl: string, deviceToken: string): GateConfig {
  return parseGateConfig(
    {
      serverUrl,
      deviceId: 'gate-test-1',
      gateId: 'gate-1',
      deviceToken,
      simulate: true,
      link: 'mock',
      scanner: { path: '/dev/nonexistent-scanner' },
      thermometer: { path: '/dev/nonexistent-thermometer' },
      board: { path: '/dev/nonexistent-board', handshakeTimeoutMs: 60_000 },
      simulatedBoard: 'js',
    },
    'test',
  );
}

/**
 * Every route the gate service registers, read from the same code a gate process runs (a service
 * built on the simulated kit and never started), so a drill against a real gate process walks them
 * all, including any added after the drill was written.
 */
export async function gateRouteList(): Promise<GateRoute[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'checkpoint-gate-routes-'));
  const config = mockKitConfig('http://127.0.0.1:9', 'route-list-token');
  const kit = await buildGateKit(config, { logger: quiet });
  const spool = new Spool(dataDir);
  const pairing = new ScreenPairing(dataDir);
  const guardPins = new GuardPinStore(dataDir);
  try {
    const app = await buildGateService({
      config: { serverUrl: config.serverUrl, deviceToken: config.deviceToken, kioskDir: join(dataDir, 'no-kiosk') },
      devices: kit.devices,
      simulator: kit.simulator,
      deviceConfig: { current: null },
      spool,
      rosterCache: new RosterCache(dataDir, quiet),
      pairing,
      guardPins,
      allowedHosts: gateHostNames([]),
      fetch,
      logger: quiet,
      operations: { dataDir, metricsToken: null, heartbeatMs: 3_600_000 },
    });
    await app.ready();
    const routes = [...app.gateRoutes];
    await app.close();
    return routes;
  } finally {
    guardPins.close();
    pairing.close();
    spool.close();
    await kit.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
