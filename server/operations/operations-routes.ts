import type { FastifyInstance } from 'fastify';
import type { BackupStatus } from '../../protocol/operations.ts';
import { TOP_ADMIN } from '../http/route-access.ts';
import type { BackupConfig } from './backup-config.ts';
import { backupStatus } from './backup-status.ts';
import { DEFAULT_EVERY_HOURS } from './backup-config.ts';

/** Admin: the state of the server's backups (docs/operations.md). */
export function registerOperationsRoutes(app: FastifyInstance, backup: BackupConfig | undefined, now: () => Date): void {
  const admin = { config: { access: TOP_ADMIN } };

  app.get('/api/v1/admin/backups', admin, async (): Promise<BackupStatus> => {
    if (!backup) return { configured: false, everyHours: DEFAULT_EVERY_HOURS, last: null, stale: true, lastFailure: null };
    return backupStatus(backup, now());
  });
}
