import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { ScreenMessage } from '../../protocol/screen-message.ts';
import type { DeviceStatus, HardwareEvent } from '../../protocol/hardware-events.ts';
import type { DeviceConfig } from '../../protocol/roster.ts';
import { idCardEvent, scannerLineEvent, temperatureEvent } from '../devices/device-events.ts';
import type { IdCardReading } from '../devices/id-card/id-card-reader.ts';
import { DEVICE_IDS, type GateDevices } from '../gate-kit.ts';
import { registerRosterRoute } from '../roster/roster-route.ts';
import type { RosterCache } from '../roster/roster-cache.ts';
import type { ScannerLine } from '../devices/scanner/scanner-line-parser.ts';
import { registerDockRoutes } from '../sim/dock-routes.ts';
import type { SimulatedKit } from '../sim/simulated-kit.ts';
import { Forwarder, type ForwarderTiming } from '../spool/forwarder.ts';
import type { Spool } from '../spool/spool.ts';
import { registerSpoolRoutes } from '../spool/spool-routes.ts';
import type { UplinkOptions } from '../spool/uplink.ts';
import type { ThermometerReading } from '../devices/thermometer/thermometer-reading.ts';
import { apiError } from './api-error.ts';
import { EventHub } from './event-hub.ts';
import type { GateLogger } from './gate-logger.ts';
import { registerIdNumberRoute } from './id-number-route.ts';
import { registerPairingRoutes } from '../pairing/pairing-routes.ts';
import type { ScreenPairing } from '../pairing/screen-pairing.ts';
import type { GuardPinStore } from '../guard-pins/guard-pin-store.ts';
import { GuardPinSync } from '../guard-pins/guard-pin-sync.ts';
import { registerPinCheckRoute } from '../guard-pins/pin-check-route.ts';
import { hostAllowed, isOpenRoute, requireScreen, screenCredential } from './screen-access.ts';
import { installGateOperations, type GateOperations, type GateOperationsOptions } from '../operations/gate-operations.ts';

export interface GateServiceDeps {
  config: { serverUrl: string; deviceToken: string; kioskDir: string };
  devices: GateDevices;
  /** Present only when the gate runs the simulated kit: enables the dock. */
  simulator: SimulatedKit | null;
  deviceConfig: { readonly current: DeviceConfig | null };
  /** The gate's outbox: every entry the kiosk hands over, until the server has answered for it and after. */
  spool: Spool;
  /** The forwarder's back-off and probe timing; its defaults otherwise. */
  forwarding?: Partial<ForwarderTiming>;
  /** The last roster the server sent, served while it cannot be reached. */
  rosterCache: RosterCache;
  /** The screens this gate answers; every route but the page and the pairing itself asks for one. */
  pairing: ScreenPairing;
  /** The guards' PIN hashes (from the server, never served) and the wrong-PIN counts. */
  guardPins: GuardPinStore;
  /** How often the PIN hashes are refreshed from the server; a minute otherwise. */
  guardPinSyncMs?: number;
  /** Host names the gate answers to (loopback, its addresses, gate.json's hostNames); others get 421. */
  allowedHosts: ReadonlySet<string>;
  fetch: typeof fetch;
  logger: GateLogger;
  uplinkTimeoutMs?: number;
  now?: () => Date;
  /** Heartbeat, database watch and /metrics (hardware/operations); the gate process always has them. */
  operations?: GateOperationsOptions;
}

const UNPAIRED_CHECK_MS = 2_000;

/** A route of the gate service (the route-guard test walks them all). */
export interface GateRoute {
  method: string;
  url: string;
}

export type GateService = FastifyInstance & { readonly gateRoutes: readonly GateRoute[] };

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ')
    .slice(0, 300);
}

/**
 * The gate service: the kiosk page, the hardware event stream, the spool and its forwarder to the
 * community server, the roster, and — only on the simulated kit — the dock.
 */
export async function buildGateService(deps: GateServiceDeps): Promise<GateService> {
  const { devices, simulator, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const hub = new EventHub(logger);
  const forwarderUplink: UplinkOptions = {
    serverUrl: deps.config.serverUrl,
    deviceToken: deps.config.deviceToken,
    fetch: deps.fetch,
    timeoutMs: deps.uplinkTimeoutMs,
  };
  // The heartbeat, the roster and the PIN list reach the server before any entry does: the
  // forwarder hears what they meet, so a refused certificate is on the kiosk from the first call.
  const uplink: UplinkOptions = { ...forwarderUplink, onAnswer: (answer) => forwarder.noteServerCall(answer) };
  const forwarder = new Forwarder({
    spool: deps.spool,
    uplink: forwarderUplink,
    logger,
    timing: deps.forwarding,
    onStatus: (status) => {
      hub.publish(status);
      operations?.forwarded(status);
    },
  });
  let operations: GateOperations | null = null;

  // The journal on the gate PC is where a technician looks first when a device misbehaves.
  const onStatus = (status: DeviceStatus) => {
    logger.info(`${status.deviceId}: ${status.state}${status.reason ? ` (${status.reason})` : ''}`);
    hub.publish(status);
    operations?.noteStatus(status);
  };
  const onScan = (line: ScannerLine) => hub.publish(scannerLineEvent(line, DEVICE_IDS.scanner, deps.deviceConfig.current, now()));
  // Readings go out the moment they are taken and are never replayed: a kiosk that reconnects
  // hears statuses only, so an old reading cannot be attached to whoever stands there now.
  // A sensor fault (−40, 80, NaN) is a device error shown on the kiosk until a sound reading
  // arrives, never a reading; a misaimed line (a wall) stays a rejected input.
  let thermometerFault = false;
  const onReading = (reading: ThermometerReading) => {
    if (!reading.ok && reading.fault) {
      thermometerFault = true;
      onStatus({
        type: 'device-status',
        deviceId: DEVICE_IDS.thermometer,
        device: 'thermometer',
        at: now().toISOString(),
        state: 'failed',
        reason: reading.reason,
      });
      return;
    }
    if (reading.ok && thermometerFault) {
      thermometerFault = false;
      onStatus({ ...devices.thermometer.status, at: now().toISOString() });
    }
    hub.publish(temperatureEvent(reading, DEVICE_IDS.thermometer, devices.thermometerJudgement, now()));
  };
  // A card is hashed here and now, as a scanned number is: its clear number goes no further.
  const onCard = (reading: IdCardReading) =>
    hub.publish(idCardEvent(reading, DEVICE_IDS.idCardReader, deps.deviceConfig.current, now()));
  devices.scanner.on('status', onStatus).on('data', onScan);
  devices.thermometer.on('status', onStatus).on('data', onReading);
  devices.idCardReader?.on('status', onStatus).on('data', onCard);
  const offSignalStatus = devices.signals.onStatus(onStatus);
  for (const status of [devices.scanner.status, devices.thermometer.status, devices.signals.status, devices.idCardReader?.status])
    if (status) hub.publish(status);

  const routes: GateRoute[] = [];
  const app: GateService = Object.assign(Fastify({ logger: false }), { gateRoutes: routes });
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) routes.push({ method, url: route.url });
  });
  if (deps.operations) {
    operations = installGateOperations(
      app,
      {
        spool: deps.spool,
        uplink,
        thermometer: devices.thermometerJudgement,
        logger,
        now,
        kickForwarder: () => forwarder.kick(),
      },
      deps.operations,
    );
    for (const status of [
      devices.scanner.status,
      devices.thermometer.status,
      devices.signals.status,
      devices.idCardReader?.status,
    ])
      if (status) operations.noteStatus(status);
  }
  const guardPinSync = new GuardPinSync({ store: deps.guardPins, uplink, logger, intervalMs: deps.guardPinSyncMs });
  app.addHook('onReady', async () => {
    forwarder.start();
    guardPinSync.start();
  });
  app.addHook('onClose', async () => {
    await forwarder.stop();
    await guardPinSync.stop();
    devices.scanner.off('status', onStatus).off('data', onScan);
    devices.thermometer.off('status', onStatus).off('data', onReading);
    devices.idCardReader?.off('status', onStatus).off('data', onCard);
    offSignalStatus();
  });

  const { pairing, allowedHosts } = deps;
  // In this order: a rebound name (DNS rebinding) is refused whatever its Origin says; a page from
  // another origin must not drive the gate; and only a paired screen gets anything but the page.
  app.addHook('onRequest', async (request, reply) => {
    // WebSocket upgrades are checked by verifyClient below (the same three checks), which also
    // closes the refused socket: a reply sent from here would leave the upgraded socket open.
    const path = request.url.split('?')[0]!;
    if (request.headers.upgrade && path === '/events') return;
    if (!hostAllowed(request.headers.host, allowedHosts))
      return apiError(reply, 421, 'unknown-host', `the gate does not answer to ${String(request.headers.host).slice(0, 100)}`);
    if (!sameOrigin(request.headers.origin, request.headers.host)) {
      return apiError(
        reply,
        403,
        'cross-origin',
        `requests from ${String(request.headers.origin).slice(0, 100)} are not accepted`,
      );
    }
    if (isOpenRoute(request.method, path)) return;
    const screen = requireScreen(request, reply, pairing);
    if (!screen) return reply;
  });

  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 64 * 1024,
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) => {
        const { headers } = info.req;
        if (!hostAllowed(headers.host, allowedHosts)) return done(false, 421, 'unknown-host');
        if (!sameOrigin(headers.origin, headers.host)) return done(false, 403, 'cross-origin');
        if (!pairing.screenFor(screenCredential({ headers }))) return done(false, 401, 'not-paired');
        done(true);
      },
    },
  });

  const kioskDir = resolve(deps.config.kioskDir);
  if (existsSync(join(kioskDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: kioskDir });
  } else {
    logger.warn(`kiosk page not found in ${kioskDir}: run npm run build`);
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('kiosk not built: run npm run build'),
    );
  }

  app.get('/events', { websocket: true }, (socket, request) => {
    const screen = pairing.screenFor(screenCredential(request));
    if (!screen) return socket.close(4401, 'not-paired');
    pairing.seen(screen.id, now());
    // A screen unpaired at the gate loses its stream within a few seconds, not at its next reconnect.
    const unpaired = setInterval(() => {
      if (!pairing.isPaired(screen.id)) socket.close(4401, 'unpaired');
    }, UNPAIRED_CHECK_MS);
    socket.on('close', () => clearInterval(unpaired));
    const send = (message: string) => {
      if (socket.readyState === socket.OPEN) socket.send(message);
    };
    const unsubscribe = hub.subscribe(send);
    const reported = operations?.screenConnected(screen);
    socket.on('close', () => {
      unsubscribe();
      reported?.left();
    });
    socket.on('message', (data, isBinary) => {
      const rejected = (reason: string) => {
        const event: HardwareEvent = {
          type: 'input-rejected',
          deviceId: DEVICE_IDS.board,
          at: now().toISOString(),
          reason: reason.slice(0, 300),
        };
        const message = hub.encode(event);
        if (message !== null) send(message);
      };
      if (isBinary) return rejected('command must be a JSON text message');
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return rejected('command is not valid JSON');
      }
      const command = ScreenMessage.safeParse(json);
      if (!command.success) return rejected(`invalid command: ${issues(command.error)}`);
      if (command.data.type === 'screen-holding') reported?.holding(command.data.entries);
      else devices.signals.apply(command.data);
    });
  });

  registerPairingRoutes(app, { pairing, logger, now });
  registerSpoolRoutes(app, { spool: deps.spool, forwarder, logger, now });
  registerRosterRoute(app, { uplink, rosterCache: deps.rosterCache, now });
  registerIdNumberRoute(app, deps.deviceConfig);
  registerPinCheckRoute(app, { store: deps.guardPins, sync: guardPinSync, pairing, logger, now });
  if (simulator) registerDockRoutes(app, simulator);
  app.setNotFoundHandler((request, reply) =>
    apiError(reply, 404, 'not-found', `no ${request.method} ${request.url.split('?')[0]!.slice(0, 100)} on the gate service`),
  );

  return app;
}

/** No Origin header: not a browser page (curl, the dock CLI, tests), so not a cross-site request. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
