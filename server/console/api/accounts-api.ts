import { z } from 'zod';
import {
  AuditListResponse,
  DeviceEnrollResponse,
  DeviceListResponse,
  RetentionSetting,
  UserListResponse,
  UserView,
  type DeviceEnrollRequest,
  type UserCreateRequest,
  type UserUpdateRequest,
} from '../../../protocol/accounts.ts';
import { call } from './console-api.ts';

/** The console's side of the admin routes for devices, users and the audit log (protocol/accounts.ts). */
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const Ok = z.object({ ok: z.literal(true) });
const id = encodeURIComponent;

export const accountsApi = {
  devices: () => call(DeviceListResponse, '/api/v1/devices'),
  enrollDevice: (request: DeviceEnrollRequest) => call(DeviceEnrollResponse, '/api/v1/devices', json('POST', request)),
  revokeDevice: (deviceId: string) => call(Ok, `/api/v1/devices/${id(deviceId)}/revoke`, { method: 'POST' }),
  users: () => call(UserListResponse, '/api/v1/users'),
  createUser: (request: UserCreateRequest) => call(UserView, '/api/v1/users', json('POST', request)),
  updateUser: (userId: string, change: UserUpdateRequest) => call(UserView, `/api/v1/users/${id(userId)}`, json('PATCH', change)),
  resetPassword: (userId: string, password: string) =>
    call(UserView, `/api/v1/users/${id(userId)}/password`, json('POST', { password })),
  setGuardPin: (userId: string, pin: string) => call(UserView, `/api/v1/users/${id(userId)}/pin`, json('POST', { pin })),
  retention: () => call(RetentionSetting, '/api/v1/settings/retention'),
  setRetention: (days: number) => call(RetentionSetting, '/api/v1/settings/retention', json('PUT', { days })),
  audit: (query: { limit: number; before?: string | null }) =>
    call(
      AuditListResponse,
      `/api/v1/audit?${new URLSearchParams({ limit: String(query.limit), ...(query.before ? { before: query.before } : {}) })}`,
    ),
};
