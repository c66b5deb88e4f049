import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DockCardRequest, DockDeviceRequest, DockScanRequest, DockTemperatureRequest } from '../../protocol/dock.ts';
import { apiError } from '../service/api-error.ts';
import type { SimulatedKit } from './simulated-kit.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ')
    .slice(0, 300);
}

/**
 * The dock: drives the simulated kit from outside (`npm run gate -- scan …`, the demo, the tests).
 * Mounted only when the gate runs the simulated kit, and answered only on loopback.
 */
export function registerDockRoutes(app: FastifyInstance, simulator: SimulatedKit): void {
  const loopbackOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? ''))
      return apiError(reply, 403, 'not-loopback', 'the dock answers only on loopback');
  };

  app.post('/dock/scan', { preHandler: loopbackOnly }, async (request, reply) => {
    const body = DockScanRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
    return written(reply, simulator.scanner.scan(body.data.text));
  });

  app.post('/dock/temperature', { preHandler: loopbackOnly }, async (request, reply) => {
    const body = DockTemperatureRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
    return written(reply, simulator.thermometer.measure(body.data.objectC, body.data.ambientC ?? null));
  });

  app.post('/dock/card', { preHandler: loopbackOnly }, async (request, reply) => {
    const body = DockCardRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
    try {
      simulator.card(body.data);
    } catch (error) {
      return apiError(reply, 409, 'no-id-card-reader', (error as Error).message);
    }
    return reply.code(202).send({ [body.data.action === 'lay' ? 'laid' : 'taken']: true });
  });

  app.get('/dock/state', { preHandler: loopbackOnly }, async () => simulator.state);

  for (const action of ['unplug', 'replug'] as const) {
    app.post(`/dock/${action}`, { preHandler: loopbackOnly }, async (request, reply) => {
      const body = DockDeviceRequest.safeParse(request.body);
      if (!body.success) return apiError(reply, 400, 'invalid-request', issues(body.error));
      try {
        await simulator[action](body.data.device);
      } catch (error) {
        return apiError(reply, 409, `${action}-failed`, (error as Error).message);
      }
      return reply.code(202).send({ [action === 'unplug' ? 'unplugged' : 'replugged']: body.data.device });
    });
  }
}

async function written(reply: FastifyReply, write: Promise<void>): Promise<FastifyReply> {
  try {
    await write;
  } catch (error) {
    return apiError(reply, 503, 'simulator-write-failed', (error as Error).message);
  }
  return reply.code(202).send({ written: true });
}
