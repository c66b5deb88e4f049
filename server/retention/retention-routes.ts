import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { RetentionSettingUpdate, type RetentionSetting } from '../../protocol/accounts.ts';
import { sendApiError } from '../http/api-errors.ts';
import { audit } from '../http/audit.ts';
import { effectiveRetentionDays, RETENTION_SETTING } from './retention.ts';
import { TOP_ADMIN } from '../http/route-access.ts';

/** Admin: read and change how many days entries are kept (the next scheduled purge uses it). */
export function registerRetentionRoutes(app: FastifyInstance, configuredDays: number, now: () => Date): void {
  const admin = { config: { access: TOP_ADMIN } };
  const db = () => app.auditTrail.db;

  async function current(): Promise<RetentionSetting> {
    const days = await effectiveRetentionDays(db(), configuredDays);
    // A broken row is reported by the purge; here the admin sees what applies and can overwrite it.
    return days.ok
      ? { days: days.days, source: days.source === 'settings' ? 'settings' : 'configured' }
      : { days: configuredDays, source: 'configured' };
  }

  app.get('/api/v1/settings/retention', admin, async () => current());

  app.put('/api/v1/settings/retention', admin, async (request, reply) => {
    const parsed = RetentionSettingUpdate.safeParse(request.body);
    if (!parsed.success) return sendApiError(reply, 400, 'invalid-setting', z.prettifyError(parsed.error));
    const value = String(parsed.data.days);
    const at = now().toISOString();
    await db()
      .insertInto('settings')
      .values({ name: RETENTION_SETTING, value, updated_at: at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: at }))
      .execute();
    await audit(request, 'settings.retention', { days: parsed.data.days });
    return current();
  });
}
