import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserRole } from '../../protocol/review.ts';
import type { AppDeps } from '../../server/app-deps.ts';
import { buildApp } from '../../server/app.ts';
import { generateServerKeys, type ServerKeys } from '../../server/setup/keys.ts';
import { createUser, startSession } from '../../server/accounts/sessions.ts';
import { SESSION_COOKIE } from '../../server/http/route-access.ts';
import { openTestGate, type TestGate } from './server-database.ts';

export interface TestApp {
  app: FastifyInstance;
  gate: TestGate;
  keys: ServerKeys;
}

/** The real app over an in-memory database; `consoleDir` defaults to an empty temp dir (console not built). */
export async function openTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const gate = await openTestGate();
  const keys = generateServerKeys();
  const app = await buildApp({
    db: gate.db,
    keys,
    logger: false,
    consoleDir: mkdtempSync(join(tmpdir(), 'cp-console-')),
    ...overrides,
  });
  return { app, gate, keys };
}

export async function closeTestApp(test: TestApp): Promise<void> {
  await test.app.close();
  await test.gate.db.destroy();
}

/**
 * Creates a user (at the top of the default tree unless `place` names a node or compound) and signs in; returns the `cookie` header value to send. The console refuses a
 * guard at sign-in, so a guard's session is made straight in the database: the route tests still
 * prove that every route refuses one.
 */
export async function signIn(
  test: TestApp,
  username: string,
  role: UserRole,
  place: { orgNodeId?: string; compoundId?: string } = {},
): Promise<string> {
  const password = `pw-${username}-secret`;
  const userId = await createUser(test.gate.db, { username, password, role, now: new Date().toISOString(), ...place });
  if (role === 'guard') return `${SESSION_COOKIE}=${(await startSession(test.gate.db, userId, new Date())).token}`;
  const response = await test.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  const cookie = response.cookies.find((c) => c.name === 'cp_session');
  if (response.statusCode !== 200 || !cookie) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return `cp_session=${cookie.value}`;
}
