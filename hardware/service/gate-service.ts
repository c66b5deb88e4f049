import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DockCardRequest, DockDeviceRequest, DockScanRequest, DockTemperatureRequest } from '../../protocol/dock.ts';
import { HardwareCommand } from '../../protocol/hardware-commands.ts';
import type { DeviceStatus, HardwareEvent } from '../../protocol/hardware-events.ts';
import type { DeviceConfig } from '../../protocol/roster.ts';
import { EntryRecord } from '../../protocol/entry.ts';
import { SyncBatchRequest, SyncBatchResponse } from '../../protocol/sync.ts';
import { idCardEvent, scannerLineEvent, temperatureEvent } from '../devices/device-events.ts';
import type { IdCardReading } from '../devices/id-card/id-card-reader.ts';
import { EventHub } from './event-hub.ts';
import { DEVICE_IDS, type GateDevices } from '../gate-kit.ts';
import type { GateLogger } from './gate-logger.ts';
import type { ScannerLine } from '../devices/scanner/scanner-line-parser.ts';
import type { SimulatedKit } from '../sim/simulated-kit.ts';
import type { ThermometerReading } from '../devices/thermometer/thermometer-reading.ts';
import { callServer, type UplinkOptions } from '../spool/uplink.ts';
import { apiError } from './api-error.ts';
import { registerIdNumberRoute } from './id-number-route.ts';
import type { GateCopy } from '../spool/gate-copy.ts';
import { registerGateCopyRoutes } from '../spool/gate-copy-routes.ts';
import type { RosterCache } from '../roster/roster-cache.ts';

export interface GateServiceDeps {
  config: { serverUrl: string; deviceToken: string; kioskDir: string };
  devices: GateDevices;
  /** Present only when the gate runs the simulated kit: enables the dock. */
  simulator: SimulatedKit | null;
  deviceConfig: { readonly current: DeviceConfig | null };
  /** The gate's copy of the kiosk's journal (hardware/spool/gate-copy.ts). */
  copy: GateCopy;
  /** The last roster the server sent, served while it cannot be reached. */
  rosterCache: RosterCache;
  fetch: typeof fetch;
  logger: GateLogger;
  uplinkTimeoutMs?: number;
  now?: () => Date;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
// A batch holds up to 500 records; Fastify's 1 MiB default is too tight for that.
const UPLINK_BODY_LIMIT = 8 * 1024 * 1024;

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ')
    .slice(0, 300);
}

/** The gate service: kiosk page, hardware event stream, uplink to the community server, dock. */
export async function buildGateService(deps: GateServiceDeps): Promise<FastifyInstance> {
  const { devices, simulator, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const hub = new EventHub(logger);
  const uplink: UplinkOptions = {
    serverUrl: deps.config.serverUrl,
    deviceToken: deps.config.deviceToken,
    fetch: deps.fetch,
    timeoutMs: deps.uplinkTimeoutMs,
  };

  // The journal on the gate PC is where a technician looks first when a device misbehaves.
  const onStatus = (status: DeviceStatus) => {
    logger.info(`${status.deviceId}: ${status.state}${status.reason ? ` (${status.reason})` : ''}`);
    hub.publish(status);
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

  const app = Fastify({ logger: false });
  app.addHook('onClose', async () => {
    devices.scanner.off('status', onStatus).off('data', onScan);
    devices.thermometer.off('status', onStatus).off('data', onReading);
    devices.idCardReader?.off('status', onStatus).off('data', onCard);
    offSignalStatus();
  });

  // The kiosk is same-origin; a page from anywhere else must not drive the gate or use its credential.
  app.addHook('onRequest', async (request, reply) => {
    // WebSocket upgrades are checked by verifyClient below, which also closes the refused socket.
    if (request.headers.upgrade) return;
    if (!sameOrigin(request.headers.origin, request.headers.host)) {
      return apiError(
        reply,
        403,
        'cross-origin',
        `requests from ${String(request.headers.origin).slice(0, 100)} are not accepted`,
      );
    }
  });

  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 64 * 1024,
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) =>
        done(sameOrigin(info.req.headers.origin, info.req.headers.host), 403, 'cross-origin'),
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

  app.get('/events', { websocket: true }, (socket) => {
    const send = (message: string) => {
      if (socket.readyState === socket.OPEN) socket.send(message);
    };
    const unsubscribe = hub.subscribe(send);
    socket.on('close', unsubscribe);
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
      const command = HardwareCommand.safeParse(json);
      if (!command.success) return rejected(`invalid command: ${issues(command.error)}`);
      devices.signals.apply(command.data);
    });
  });

  app.post('/uplink/entries', { bodyLimit: UPLINK_BODY_LIMIT }, async (request, reply) => {
    const batch = SyncBatchRequest.safeParse(request.body);
    if (!batch.success) return apiError(reply, 400, 'invalid-batch', issues(batch.error));
    keepCopies(batch.data.entries);
    const answer = await callServer(uplink, 'POST', '/api/v1/ingest', batch.data);
    if (answer.ok && answer.status === 200) noteAnswers(answer.body);
    return relay(reply, answer);
  });

  // Whatever passes on its way to the server is copied too: an entry whose own copy request failed
  // is kept by the time its batch goes out. A copy that fails must not hold the batch back.
  function keepCopies(entries: readonly unknown[]): void {
    const records = entries.flatMap((entry) => {
      const record = EntryRecord.safeParse(entry);
      return record.success ? [record.data] : [];
    });
    try {
      deps.copy.keep(records, now());
    } catch (error) {
      logger.error(`journal copy: could not keep a relayed batch: ${(error as Error).message}`);
    }
  }

  function noteAnswers(body: string): void {
    try {
      const response = SyncBatchResponse.safeParse(JSON.parse(body));
      if (response.success) deps.copy.answered(response.data.results, now());
    } catch (error) {
      logger.error(`journal copy: could not note the server's answers: ${(error as Error).message}`);
    }
  }

  registerGateCopyRoutes(app, deps.copy, logger, now);

  // The kiosk's outbox asks this while backing off: a few bytes, where a retried batch is half a megabyte.
  app.get('/uplink/health', async (_request, reply) => relay(reply, await callServer(uplink, 'GET', '/api/v1/health')));

  app.get('/uplink/roster', async (request, reply) => {
    const header = request.headers['if-none-match'];
    const ifNoneMatch = typeof header === 'string' ? header : undefined;
    const answer = await callServer(uplink, 'GET', '/api/v1/roster', undefined, ifNoneMatch);
    if (answer.ok && answer.status === 200) await deps.rosterCache.save(answer.body, answer.etag, now());
    if (!answer.ok) {
      const cached = await deps.rosterCache.load();
      if (cached) {
        // The kiosk can tell from the roster's own generatedAt how old it is; the header says why.
        void reply.header('x-checkpoint-roster', `cached ${cached.savedAt}`);
        if (cached.etag) void reply.header('etag', cached.etag);
        if (cached.etag !== null && cached.etag === ifNoneMatch) return reply.code(304).send();
        return reply.code(200).type('application/json; charset=utf-8').send(cached.body);
      }
    }
    return relay(reply, answer);
  });

  registerIdNumberRoute(app, deps.deviceConfig);

  const dockGuard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!simulator) return apiError(reply, 404, 'not-simulated', 'the dock exists only while the gate runs the simulated kit');
    if (!LOOPBACK.has(request.socket.remoteAddress ?? ''))
      return apiError(reply, 403, 'not-loopback', 'the dock answers only on loopback');
  };

  app.post('/dock/scan', { preHandler: dockGuard }, async (request, reply) => {
    const body = DockScanRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
    return written(reply, simulator!.scanner.scan(body.data.text));
  });

  app.post('/dock/temperature', { preHandler: dockGuard }, async (request, reply) => {
    const body = DockTemperatureRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
    return written(reply, simulator!.thermometer.measure(body.data.objectC, body.data.ambientC ?? null));
  });

  app.post('/dock/card', { preHandler: dockGuard }, async (request, reply) => {
    const body = DockCardRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
    try {
      simulator!.card(body.data);
    } catch (error) {
      return apiError(reply, 409, 'no-id-card-reader', (error as Error).message);
    }
    return reply.code(202).send({ [body.data.action === 'lay' ? 'laid' : 'taken']: true });
  });

  app.get('/dock/state', { preHandler: dockGuard }, async () => simulator!.state);

  for (const action of ['unplug', 'replug'] as const) {
    app.post(`/dock/${action}`, { preHandler: dockGuard }, async (request, reply) => {
      const body = DockDeviceRequest.safeParse(request.body);
      if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
      try {
        await simulator![action](body.data.device);
      } catch (error) {
        return apiError(reply, 409, `${action}-failed`, (error as Error).message);
      }
      return reply.code(202).send({ [action === 'unplug' ? 'unplugged' : 'replugged']: body.data.device });
    });
  }

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

function relay(reply: FastifyReply, answer: Awaited<ReturnType<typeof callServer>>): FastifyReply {
  if (!answer.ok) return apiError(reply, 502, 'server-unreachable', answer.message);
  if (answer.etag) void reply.header('etag', answer.etag);
  if (answer.retryAfter) void reply.header('retry-after', answer.retryAfter);
  if (answer.status === 304) return reply.code(304).send();
  return reply
    .code(answer.status)
    .type(answer.contentType ?? 'application/octet-stream')
    .send(answer.body);
}

async function written(reply: FastifyReply, write: Promise<void>): Promise<FastifyReply> {
  try {
    await write;
  } catch (error) {
    return apiError(reply, 503, 'simulator-write-failed', (error as Error).message);
  }
  return reply.code(202).send({ written: true });
}
