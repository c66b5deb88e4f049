import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** How the community server listens and which names it answers to, from its environment. */
export interface ServerSettings {
  port: number;
  host: string;
  /** HTTPS with this certificate chain and key (PEM), or plain HTTP on loopback only. */
  tls: { cert: Buffer; key: Buffer } | null;
  /** Names (or addresses) gates and browsers use for this server, beyond loopback and its own addresses. */
  serverNames: string[];
  /** The address users type when a reverse proxy stands in front (its host is served, https makes the cookie Secure). */
  publicUrl: URL | null;
  /** Addresses of the reverse proxy, whose X-Forwarded-For then names the client (sign-in throttling). */
  trustProxy: string[];
}

export type SettingsOutcome = { ok: true; settings: ServerSettings } | { ok: false; reason: string };

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * PORT, HOST, TLS_CERT + TLS_KEY (PEM files), CHECKPOINT_SERVER_NAMES, CHECKPOINT_PUBLIC_URL,
 * CHECKPOINT_TRUST_PROXY. Personal data and the device tokens never cross a network in clear:
 * without a certificate the server listens on loopback only (a reverse proxy on the same machine
 * may carry HTTPS for it).
 */
export function serverSettingsFromEnv(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => Buffer = readFileSync,
): SettingsOutcome {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    return { ok: false, reason: `PORT must be a port number, not ${env.PORT}` };
  const host = env.HOST ?? '127.0.0.1';
  if (Boolean(env.TLS_CERT) !== Boolean(env.TLS_KEY)) {
    return { ok: false, reason: 'TLS_CERT and TLS_KEY go together: set both (PEM files) or neither' };
  }
  let tls: ServerSettings['tls'] = null;
  if (env.TLS_CERT && env.TLS_KEY) {
    try {
      tls = { cert: readFile(env.TLS_CERT), key: readFile(env.TLS_KEY) };
    } catch (error) {
      return { ok: false, reason: `cannot read the TLS certificate or key: ${(error as Error).message}` };
    }
  }
  if (!tls && !isLoopbackHost(host)) {
    return {
      ok: false,
      reason:
        `HOST=${host} would carry device tokens and personal data over the network in clear: ` +
        'give the server a certificate (TLS_CERT and TLS_KEY; `npm run tls -- init` makes one for a test install) ' +
        'or keep HOST on loopback behind a reverse proxy that speaks HTTPS (docs/security.md)',
    };
  }
  let publicUrl: URL | null = null;
  if (env.CHECKPOINT_PUBLIC_URL) {
    try {
      publicUrl = new URL(env.CHECKPOINT_PUBLIC_URL);
    } catch {
      return { ok: false, reason: `CHECKPOINT_PUBLIC_URL is not a URL: ${env.CHECKPOINT_PUBLIC_URL}` };
    }
  }
  return {
    ok: true,
    settings: {
      port,
      host,
      tls,
      serverNames: list(env.CHECKPOINT_SERVER_NAMES),
      publicUrl,
      trustProxy: list(env.CHECKPOINT_TRUST_PROXY),
    },
  };
}
