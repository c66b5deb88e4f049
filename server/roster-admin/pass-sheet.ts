import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { PassSheet } from '../../protocol/roster-admin.ts';
import type { AppDeps } from '../app-deps.ts';
import type { Database } from '../db/schema.ts';
import type { ServerKeys } from '../setup/keys.ts';
import { signCompactPass } from './passes.ts';
import { refuse, sendResult, type AdminResult } from './admin-result.ts';
import { adminContextOpener, param } from './admin-context.ts';
import { PROPERTY_ROLES } from './community-scope.ts';
import { householdAddress } from './households.ts';
import { roles } from '../http/route-access.ts';
import type { RequireUser } from '../accounts/session-routes.ts';

/** Fresh signed passes for everyone in a household, for the sheet the office prints and hands out. */
export async function passSheetFor(
  db: Kysely<Database>,
  keys: ServerKeys,
  communityId: string,
  householdId: string,
  issuedAt: string,
): Promise<AdminResult<PassSheet>> {
  const household = await db
    .selectFrom('households')
    .innerJoin('communities', 'communities.id', 'households.community_id')
    .select(['households.building', 'households.unit', 'households.room', 'communities.name as communityName'])
    .where('households.id', '=', householdId)
    .where('households.community_id', '=', communityId)
    .executeTakeFirst();
  if (!household) return refuse(404, 'unknown-household', `no household ${householdId}`);
  const persons = await db
    .selectFrom('persons')
    .select(['id', 'name', 'category'])
    .where('household_id', '=', householdId)
    .orderBy('id')
    .execute();
  return {
    ok: true,
    value: {
      communityName: household.communityName,
      address: householdAddress(household),
      issuedAt,
      passes: persons.flatMap((p) =>
        p.category === 'resident' || p.category === 'tenant' || p.category === 'staff'
          ? [
              {
                personId: p.id,
                name: p.name,
                category: p.category,
                pass: signCompactPass(keys.passPrivateKey, { personId: p.id, communityId, issuedAt }),
              },
            ]
          : [],
      ),
    },
  };
}

export function registerPassSheetRoutes(app: FastifyInstance, deps: AppDeps, requireUser: RequireUser): void {
  const open = adminContextOpener(deps, requireUser);
  app.post(
    '/api/v1/admin/households/:id/pass-sheet',
    { config: { access: roles(...PROPERTY_ROLES) } },
    async (request, reply) => {
      const ctx = await open(request, reply, PROPERTY_ROLES);
      if (!ctx) return reply;
      const result = await passSheetFor(deps.db, deps.keys, ctx.communityId, param(request, 'id'), ctx.now);
      if (result.ok)
        await ctx.audit('roster.passes.issue', {
          householdId: param(request, 'id'),
          personIds: result.value.passes.map((p) => p.personId),
        });
      return sendResult(reply, result);
    },
  );
}
