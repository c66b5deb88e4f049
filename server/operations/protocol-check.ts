import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { GATE_PROTOCOL, MIN_GATE_PROTOCOL, PROTOCOL_HEADER } from '../../protocol/protocol-version.ts';
import type { Database } from '../db/schema.ts';
import { sendApiError } from '../http/api-errors.ts';
import { recordRefusal } from './fleet.ts';

/** The protocol a gate speaks: its header, or 1 for a gate from before versions were named. */
export function gateProtocol(request: FastifyRequest): number | null {
  const header = request.headers[PROTOCOL_HEADER];
  if (header === undefined) return 1;
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * Every device route answers gates from MIN_GATE_PROTOCOL to GATE_PROTOCOL (and newer: a newer gate
 * keeps to what an older server asks). An older gate is refused with 426 and a reason in words,
 * noted on the device for the fleet page, before its request does anything.
 */
export function installProtocolCheck(app: FastifyInstance, db: Kysely<Database>, now: () => Date): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.access?.kind !== 'device' || !request.device) return;
    const version = gateProtocol(request);
    if (version !== null && version >= MIN_GATE_PROTOCOL) return;
    const reason =
      version === null
        ? `the gate sent an unreadable ${PROTOCOL_HEADER} header`
        : `the gate speaks protocol ${version}; this server answers ${MIN_GATE_PROTOCOL} to ${GATE_PROTOCOL}: update the gate software`;
    await recordRefusal(db, request.device.id, reason, now());
    request.log.warn({ deviceId: request.device.id, protocol: version }, 'gate refused: protocol too old');
    return sendApiError(reply, 426, 'gate-protocol-too-old', reason);
  });
}
