import type { FastifyInstance } from 'fastify';
import { networkInterfaces } from 'node:os';
import { hostName, isAllowedHost } from '../../protocol/host-name.ts';
import { sendApiError } from './api-errors.ts';

/**
 * Loopback, this machine's interface addresses (an address cannot be rebound), and the names its
 * operator lists (`CHECKPOINT_SERVER_NAMES`, and the host of `CHECKPOINT_PUBLIC_URL`).
 */
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
