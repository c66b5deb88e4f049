import type { FastifyInstance } from 'fastify';
import { IdNumberRequest } from '../../protocol/id-number.ts';
import { RESIDENT_ID_PROBLEM_TEXT } from '../../protocol/resident-id.ts';
import type { DeviceConfig } from '../../protocol/roster.ts';
import { apiError } from './api-error.ts';
import { classifyIdNumber } from '../devices/scanner/scan-classifier.ts';

/**
 * `POST /id-number {number}` → `{idHash, idMasked}`: a number the guard typed for a visitor is
 * checked and hashed with the community's key here, as a scanned card is, so the kiosk only ever
 * holds the hash and the masked form.
 */
export function registerIdNumberRoute(app: FastifyInstance, deviceConfig: { readonly current: DeviceConfig | null }): void {
  app.post('/id-number', async (request, reply) => {
    const body = IdNumberRequest.safeParse(request.body);
    if (!body.success) return apiError(reply, 400, 'invalid-request', 'expected { number: string }');
    const classified = classifyIdNumber(body.data.number.trim(), deviceConfig.current);
    if (!classified.ok) return apiError(reply, 503, 'no-id-key', classified.reason);
    const payload = classified.payload;
    if (payload.kind === 'id-number') return { idHash: payload.idHash, idMasked: payload.idMasked };
    if (payload.kind === 'id-number-invalid')
      return apiError(reply, 400, payload.reason, RESIDENT_ID_PROBLEM_TEXT[payload.reason]);
    return apiError(reply, 400, 'format', RESIDENT_ID_PROBLEM_TEXT.format);
  });
}
