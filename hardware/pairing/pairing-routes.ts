import type { FastifyInstance } from 'fastify';
import { PairRequest, type PairResponse } from '../../protocol/pairing.ts';
import { apiError } from '../service/api-error.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import { requireScreen, SCREEN_COOKIE } from '../service/screen-access.ts';
import type { ScreenPairing } from './screen-pairing.ts';

// The credential outlives any shift: a screen stays paired until the gate's operator unpairs it.
const COOKIE_MAX_AGE_S = 10 * 365 * 86_400;

/** `POST /pairing` exchanges a one-time code for the screen's credential; `GET /pairing/status` says which screen this is. */
export function registerPairingRoutes(
  app: FastifyInstance,
  deps: { pairing: ScreenPairing; logger: GateLogger; now: () => Date },
): void {
  const { pairing, logger, now } = deps;

  app.post('/pairing', async (request, reply) => {
    const body = PairRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-code', 'expected { code: "<6 digits>", name?: "<this screen>" }');
    const outcome = pairing.pair(body.data.code, body.data.name ?? '', now());
    if (!outcome.ok) {
      logger.warn(`pairing: ${outcome.reason} from ${request.socket.remoteAddress ?? '?'}`);
      return outcome.reason === 'too-many-tries'
        ? apiError(reply, 429, 'too-many-tries', 'too many wrong codes: ask for a new one at the gate (npm run gate -- pair)')
        : apiError(reply, 403, 'wrong-code', 'that code is wrong, used or expired');
    }
    logger.info(
      `pairing: screen ${outcome.screen.name} (${outcome.screen.id}) paired from ${request.socket.remoteAddress ?? '?'}`,
    );
    void reply.header(
      'set-cookie',
      `${SCREEN_COOKIE}=${outcome.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}`,
    );
    const answer: PairResponse = { screen: outcome.screen };
    return answer;
  });

  app.get('/pairing/status', async (request, reply) => {
    const screen = requireScreen(request, reply, pairing);
    if (!screen) return reply;
    const answer: PairResponse = { screen };
    return answer;
  });
}
