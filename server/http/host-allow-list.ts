import type { FastifyInstance } from 'fastify';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { sendApiError } from './api-errors.ts';

/**
 * DNS rebinding: a page on `rebind.example`, whose name the attacker then points at this server,
 * reaches it from the guard's or the staff's own browser with `Host: rebind.example` and a
 * matching `Origin`, so no same-origin rule holds it back. The server therefore answers only the
 * names it serves: loopback, its own interface addresses (an address cannot be rebound), and the
 * names its operator lists (`CHECKPOINT_SERVER_NAMES`, and the host of `CHECKPOINT_PUBLIC_URL`).
 */

/** The host name of a `Host` header or URL host: lower-case, without port, brackets or a trailing dot. */
export function hostName(host: string | undefined): string | null {
  if (!host) return null;
  const trimmed = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return bracketed[1]!;
  // More than one colon and no brackets: a bare IPv6 address, which has no port.
  const name = trimmed.split(':').length > 2 ? trimmed : trimmed.replace(/:\d+$/, '');
  return name.replace(/\.$/, '') || null;
}

/** Loopback, this machine's addresses, and the configured names. */
export function allowedHostNames(configured: readonly string[]): Set<string> {
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

/** Names given as an address are addresses; anything else must be listed by name. */
export function isAllowedHost(name: string | null, allowed: ReadonlySet<string>): boolean {
  if (name === null) return false;
  if (allowed.has(name)) return true;
  // Every 127/8 address is this machine.
  return isIP(name) === 4 && name.startsWith('127.');
}

export function installHostAllowList(app: FastifyInstance, allowed: ReadonlySet<string>): void {
  app.addHook('onRequest', async (request, reply) => {
    const name = hostName(request.headers.host);
    if (isAllowedHost(name, allowed)) return;
    request.log.warn({ host: request.headers.host }, 'request for a host name this server does not serve');
    return sendApiError(
      reply,
      421,
      'unknown-host',
      `this server does not answer to the name ${JSON.stringify(name ?? '')}; its operator can add it to CHECKPOINT_SERVER_NAMES`,
    );
  });
}
