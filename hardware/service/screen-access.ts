import { networkInterfaces } from 'node:os';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hostName, isAllowedHost } from '../../protocol/host-name.ts';
import type { PairedScreen } from '../../protocol/pairing.ts';
import type { ScreenPairing } from '../pairing/screen-pairing.ts';
import { apiError } from './api-error.ts';

export const SCREEN_COOKIE = 'checkpoint_screen';

/** Loopback, the gate's own interface addresses (an address cannot be rebound), and the configured names. */
export function gateHostNames(configured: readonly string[]): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) names.add(address.address.toLowerCase());
  }
  for (const name of configured) {
    const host = hostName(name);
    if (host) names.add(host);
  }
  return names;
}

export function hostAllowed(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  return isAllowedHost(hostName(host), allowed);
}

/** The screen's credential: its HttpOnly cookie (the kiosk page) or a bearer token (tools, tests). */
export function screenCredential(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const bearer = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1];
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SCREEN_COOKIE) return value.join('=');
  }
  return undefined;
}

/**
 * What anyone may fetch: the kiosk page and its scripts (they hold no data: a screen needs them to
 * show the pairing form) and the pairing exchange itself. The dock has its own loopback guard, and
 * /metrics its monitoring token or loopback (a scraper is no screen).
 */
export function isOpenRoute(method: string, path: string): boolean {
  if (method === 'POST' && path === '/pairing') return true;
  if (path.startsWith('/dock/')) return true;
  if (method === 'GET' && path === '/metrics') return true;
  if (method !== 'GET' && method !== 'HEAD') return false;
  return path === '/' || path === '/index.html' || /^\/assets\/[\w.-]+$/.test(path);
}

/** The paired screen a request comes from, or a 401 answered. */
export function requireScreen(request: FastifyRequest, reply: FastifyReply, pairing: ScreenPairing): PairedScreen | null {
  const screen = pairing.screenFor(screenCredential(request));
  if (!screen)
    apiError(
      reply,
      401,
      'not-paired',
      'this screen is not paired with the gate: enter the code the gate shows (npm run gate -- pair)',
    );
  return screen;
}
