import { z } from 'zod';
import { FleetView } from '../../../protocol/fleet.ts';
import { BackupStatus } from '../../../protocol/operations.ts';
import { call } from './console-api.ts';

/** The console's side of the operations routes: the fleet and the backups (docs/operations.md). */
const OpeningHoursAnswer = z.object({ gateId: z.string(), openingHours: z.string().nullable() });

export const operationsApi = {
  fleet: () => call(FleetView, '/api/v1/admin/fleet'),
  backups: () => call(BackupStatus, '/api/v1/admin/backups'),
  setOpeningHours: (gateId: string, openingHours: string | null) =>
    call(OpeningHoursAnswer, `/api/v1/admin/gates/${encodeURIComponent(gateId)}/opening-hours`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openingHours }),
    }),
};
