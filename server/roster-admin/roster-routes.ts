import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  GateInput,
  HouseholdInput,
  PersonInput,
  VehicleInput,
  VisitorPassInput,
  type CommunityView,
} from '../../protocol/roster-admin.ts';
import type { AppDeps } from '../app-deps.ts';
import { createVisitorPass, listVisitorPasses, revokeVisitorPass } from './visitors.ts';
import { parseInput, sendResult } from './admin-result.ts';
import { adminContextOpener, param } from './admin-context.ts';
import { roles } from '../http/route-access.ts';
import { compoundIdsIn } from '../org/scope.ts';
import type { RequireUser } from '../accounts/session-routes.ts';
import { PROPERTY_ROLES, STAFF_ROLES } from './community-scope.ts';
import { createGate, listGates, updateGate } from './gates.ts';
import { deviceOffsets } from '../gates/device-offsets.ts';
import { createHousehold, deleteHousehold, listHouseholds, updateHousehold } from './households.ts';
import { createPerson, deletePerson, listPersons, updatePerson } from './persons.ts';
import { addVehicle, listVehicles, removeVehicle } from './vehicles.ts';

const PersonListQuery = z.object({ householdId: z.string().min(1).optional() });

/**
 * Property staff's roster: households, persons, vehicles, gates and visitor passes. Community staff
 * may read households and persons too: they pick people for the watch list.
 */
export function registerRosterAdminRoutes(app: FastifyInstance, deps: AppDeps, requireUser: RequireUser): void {
  const { db } = deps;
  const open = adminContextOpener(deps, requireUser);

  app.get('/api/v1/admin/communities', { config: { access: roles(...STAFF_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, STAFF_ROLES);
    if (!ctx) return reply;
    // Every compound the caller's scope holds, not only the one the request names.
    const rows = await db
      .selectFrom('communities')
      .select(['id', 'name', 'roster_version', 'time_zone'])
      .where('id', 'in', compoundIdsIn(db, ctx.user.scope))
      .orderBy('name')
      .execute();
    const communities: CommunityView[] = rows.map((r) => ({
      id: r.id,
      name: r.name,
      rosterVersion: r.roster_version,
      timeZone: r.time_zone,
    }));
    return { communities };
  });

  app.get('/api/v1/admin/households', { config: { access: roles(...STAFF_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, STAFF_ROLES);
    if (!ctx) return reply;
    return { households: await listHouseholds(db, ctx.communityId) };
  });

  app.post('/api/v1/admin/households', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(HouseholdInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await createHousehold(db, ctx.communityId, input.value);
    if (result.ok) await ctx.audit('roster.household.create', { householdId: result.value.id });
    return sendResult(reply, result, 201);
  });

  app.put('/api/v1/admin/households/:id', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(HouseholdInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await updateHousehold(db, ctx.communityId, param(request, 'id'), input.value);
    if (result.ok) await ctx.audit('roster.household.update', { householdId: result.value.id });
    return sendResult(reply, result);
  });

  app.delete('/api/v1/admin/households/:id', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const result = await deleteHousehold(db, ctx.communityId, param(request, 'id'));
    if (result.ok) await ctx.audit('roster.household.delete', { householdId: param(request, 'id') });
    return sendResult(reply, result);
  });

  app.get('/api/v1/admin/persons', { config: { access: roles(...STAFF_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, STAFF_ROLES);
    if (!ctx) return reply;
    const query = parseInput(PersonListQuery, request.query, 'invalid-query');
    if (!query.ok) return sendResult(reply, query);
    const persons = await listPersons(db, ctx.communityId, query.value);
    // Names and phone numbers: every look is recorded.
    await ctx.audit('roster.persons.view', { householdId: query.value.householdId ?? null, count: persons.length });
    return { persons };
  });

  app.post('/api/v1/admin/persons', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(PersonInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await createPerson(db, deps.keys.idHashKey, ctx.communityId, input.value);
    if (result.ok) await ctx.audit('roster.person.create', { personId: result.value.id });
    return sendResult(reply, result, 201);
  });

  app.put('/api/v1/admin/persons/:id', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(PersonInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await updatePerson(db, deps.keys.idHashKey, ctx.communityId, param(request, 'id'), input.value);
    if (result.ok)
      await ctx.audit('roster.person.update', { personId: result.value.id, idNumberChanged: input.value.idNumber !== undefined });
    return sendResult(reply, result);
  });

  app.delete('/api/v1/admin/persons/:id', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const result = await deletePerson(db, ctx.communityId, param(request, 'id'));
    if (result.ok) await ctx.audit('roster.person.delete', { personId: param(request, 'id') });
    return sendResult(reply, result);
  });

  app.get('/api/v1/admin/vehicles', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    return { vehicles: await listVehicles(db, ctx.communityId) };
  });

  app.post('/api/v1/admin/vehicles', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(VehicleInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await addVehicle(db, ctx.communityId, input.value);
    if (result.ok) await ctx.audit('roster.vehicle.create', { vehicleId: result.value.id });
    return sendResult(reply, result, 201);
  });

  app.delete('/api/v1/admin/vehicles/:id', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const result = await removeVehicle(db, ctx.communityId, param(request, 'id'));
    if (result.ok) await ctx.audit('roster.vehicle.delete', { vehicleId: param(request, 'id') });
    return sendResult(reply, result);
  });

  app.get('/api/v1/admin/gates', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    return { gates: await listGates(db, ctx.communityId) };
  });

  // Each gate device's learnt thermometer offset, from the armpit checks since its last calibration.
  app.get('/api/v1/admin/gate-offsets', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    return { devices: await deviceOffsets(db, ctx.communityId, (deps.now ?? (() => new Date()))()) };
  });

  app.post('/api/v1/admin/gates', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(GateInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await createGate(db, ctx.communityId, input.value);
    if (result.ok) await ctx.audit('roster.gate.create', { gateId: result.value.id });
    return sendResult(reply, result, 201);
  });

  app.put('/api/v1/admin/gates/:id', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(GateInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await updateGate(db, ctx.communityId, param(request, 'id'), input.value);
    if (result.ok) await ctx.audit('roster.gate.update', { gateId: result.value.id });
    return sendResult(reply, result);
  });

  app.get('/api/v1/admin/visitors', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const visitors = await listVisitorPasses(db, ctx.communityId, ctx.today);
    await ctx.audit('roster.visitors.view', { count: visitors.length });
    return { visitors };
  });

  app.post('/api/v1/admin/visitors', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(VisitorPassInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await createVisitorPass(db, ctx.communityId, input.value, ctx.now, ctx.today);
    if (result.ok) await ctx.audit('roster.visitor.create', { visitorPassId: result.value.id });
    return sendResult(reply, result, 201);
  });

  app.delete('/api/v1/admin/visitors/:id', { config: { access: roles(...PROPERTY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, PROPERTY_ROLES);
    if (!ctx) return reply;
    const result = await revokeVisitorPass(db, ctx.communityId, param(request, 'id'), ctx.now);
    if (result.ok) await ctx.audit('roster.visitor.revoke', { visitorPassId: param(request, 'id') });
    return sendResult(reply, result);
  });
}
