import type { FastifyInstance } from 'fastify';
import { PinCheckRequest, type PinCheckAnswer } from '../../protocol/guard-pin.ts';
import type { ScreenPairing } from '../pairing/screen-pairing.ts';
import { apiError } from '../service/api-error.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import { requireScreen } from '../service/screen-access.ts';
import type { GuardPinStore } from './guard-pin-store.ts';
import type { GuardPinSync } from './guard-pin-sync.ts';

const STATUS: Record<PinCheckAnswer['outcome'], number> = {
  accepted: 200,
  'wrong-pin': 403,
  'too-soon': 429,
  locked: 429,
  'unknown-guard': 404,
};

/**
 * `POST /pin-check {guardId, pin}` from a paired screen: the gate checks the PIN against the hash it
 * keeps and answers only the outcome. Counted per guard and per screen (the screen is the one whose
 * credential came with the request). The PIN itself is never logged.
 */
export function registerPinCheckRoute(
  app: FastifyInstance,
  deps: { store: GuardPinStore; sync: GuardPinSync; pairing: ScreenPairing; logger: GateLogger; now: () => Date },
): void {
  const { store, sync, pairing, logger, now } = deps;
  app.post('/pin-check', async (request, reply) => {
    const screen = requireScreen(request, reply, pairing);
    if (!screen) return reply;
    const body = PinCheckRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', 'expected { guardId: string, pin: string }');
    const { guardId, pin } = body.data;
    // A guard given a PIN a moment ago: fetch the list once before saying the gate has none.
    if (!store.hasGuard(guardId)) await sync.refresh();
    const answer = await store.check(guardId, screen.id, pin, now());
    const who = `guard ${guardId} on screen ${screen.name} (${screen.id})`;
    if (answer.outcome === 'accepted') logger.info(`PIN accepted: ${who}`);
    else if (answer.outcome === 'locked') logger.warn(`PIN refused, ${answer.scope} locked until ${answer.until}: ${who}`);
    else logger.warn(`PIN refused (${answer.outcome}): ${who}`);
    const retryAt = answer.outcome === 'locked' ? answer.until : answer.outcome === 'too-soon' ? answer.retryAt : null;
    if (retryAt !== null)
      void reply.header('retry-after', String(Math.max(1, Math.ceil((Date.parse(retryAt) - now().getTime()) / 1000))));
    return reply.code(STATUS[answer.outcome]).send(answer);
  });
}
