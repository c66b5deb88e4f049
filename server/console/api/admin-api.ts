import { z } from 'zod';
import type {
  GateInput,
  HouseholdInput,
  PersonInput,
  QuestionSetInput,
  VehicleInput,
  VisitorPassInput,
  WatchEntryInput,
} from '../../../protocol/roster-admin.ts';
import {
  CommunityView,
  GateView,
  HouseholdView,
  ImportPreview,
  PassSheet,
  PersonView,
  QuestionSetsView,
  VehicleView,
  VisitorPassView,
  WatchEntryView,
} from '../../../protocol/roster-admin.ts';
import { QuestionSet, ScreeningRules } from '../../../protocol/roster.ts';
import { DeviceOffsetView } from '../../../protocol/device-offset.ts';
import { call } from './console-api.ts';

/** The console's side of `/api/v1/admin/…` (protocol/roster-admin.ts); every answer is validated. */
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const Deleted = z.object({ deleted: z.literal(true) });
const Revoked = z.object({ revoked: z.literal(true) });

export const adminApi = {
  communities: () => call(z.object({ communities: z.array(CommunityView) }), '/api/v1/admin/communities'),
  households: () => call(z.object({ households: z.array(HouseholdView) }), '/api/v1/admin/households'),
  addHousehold: (input: HouseholdInput) => call(HouseholdView, '/api/v1/admin/households', json('POST', input)),
  deleteHousehold: (id: string) => call(Deleted, `/api/v1/admin/households/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  persons: (householdId?: string) =>
    call(
      z.object({ persons: z.array(PersonView) }),
      `/api/v1/admin/persons${householdId ? `?householdId=${encodeURIComponent(householdId)}` : ''}`,
    ),
  addPerson: (input: PersonInput) => call(PersonView, '/api/v1/admin/persons', json('POST', input)),
  updatePerson: (id: string, input: PersonInput) =>
    call(PersonView, `/api/v1/admin/persons/${encodeURIComponent(id)}`, json('PUT', input)),
  deletePerson: (id: string) => call(Deleted, `/api/v1/admin/persons/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  vehicles: () => call(z.object({ vehicles: z.array(VehicleView) }), '/api/v1/admin/vehicles'),
  addVehicle: (input: VehicleInput) => call(VehicleView, '/api/v1/admin/vehicles', json('POST', input)),
  deleteVehicle: (id: string) => call(Deleted, `/api/v1/admin/vehicles/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  gates: () => call(z.object({ gates: z.array(GateView) }), '/api/v1/admin/gates'),
  gateOffsets: () => call(z.object({ devices: z.array(DeviceOffsetView) }), '/api/v1/admin/gate-offsets'),
  addGate: (input: GateInput) => call(GateView, '/api/v1/admin/gates', json('POST', input)),
  updateGate: (id: string, input: GateInput) =>
    call(GateView, `/api/v1/admin/gates/${encodeURIComponent(id)}`, json('PUT', input)),
  visitors: () => call(z.object({ visitors: z.array(VisitorPassView) }), '/api/v1/admin/visitors'),
  addVisitor: (input: VisitorPassInput) => call(VisitorPassView, '/api/v1/admin/visitors', json('POST', input)),
  revokeVisitor: (id: string) => call(Revoked, `/api/v1/admin/visitors/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  passSheet: (householdId: string) =>
    call(PassSheet, `/api/v1/admin/households/${encodeURIComponent(householdId)}/pass-sheet`, { method: 'POST' }),
  watch: (include: 'active' | 'all') =>
    call(z.object({ watch: z.array(WatchEntryView), today: z.string() }), `/api/v1/admin/watch?include=${include}`),
  addWatch: (input: WatchEntryInput) => call(WatchEntryView, '/api/v1/admin/watch', json('POST', input)),
  updateWatch: (id: string, input: WatchEntryInput) =>
    call(WatchEntryView, `/api/v1/admin/watch/${encodeURIComponent(id)}`, json('PUT', input)),
  releaseWatch: (id: string) => call(WatchEntryView, `/api/v1/admin/watch/${encodeURIComponent(id)}/release`, { method: 'POST' }),
  rules: () => call(ScreeningRules, '/api/v1/admin/rules'),
  saveRules: (rules: ScreeningRules) => call(ScreeningRules, '/api/v1/admin/rules', json('PUT', rules)),
  questions: () => call(QuestionSetsView, '/api/v1/admin/questions'),
  publishQuestions: (input: QuestionSetInput) => call(QuestionSet, '/api/v1/admin/questions', json('PUT', input)),
  importRoster: (file: File, commit: boolean) =>
    call(ImportPreview, `/api/v1/admin/roster-import${commit ? '?commit=1' : ''}`, {
      method: 'POST',
      headers: { 'content-type': file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/octet-stream' },
      body: file,
    }),
};
