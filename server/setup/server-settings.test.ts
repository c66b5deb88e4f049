import { describe, expect, it } from 'vitest';
import { serverSettingsFromEnv } from './server-settings.ts';

const pem = (path: string) => Buffer.from(`PEM of ${path}`);

describe('serverSettingsFromEnv', () => {
  it('listens on loopback over HTTP by default', () => {
    const outcome = serverSettingsFromEnv({}, pem);
    expect(outcome).toMatchObject({ ok: true, settings: { port: 8080, host: '127.0.0.1', tls: null, serverNames: [] } });
  });

  it('refuses to listen beyond loopback in clear, naming the way out', () => {
    const outcome = serverSettingsFromEnv({ HOST: '0.0.0.0' }, pem);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/TLS_CERT and TLS_KEY.*npm run tls -- init.*reverse proxy/);
  });

  it('serves HTTPS on any address with a certificate and key, and reads the names and the proxy', () => {
    const outcome = serverSettingsFromEnv(
      {
        HOST: '0.0.0.0',
        TLS_CERT: '/etc/checkpoint/server.pem',
        TLS_KEY: '/etc/checkpoint/server.key',
        CHECKPOINT_SERVER_NAMES: 'checkpoint.example.org, 192.168.1.5',
        CHECKPOINT_TRUST_PROXY: '127.0.0.1',
      },
      pem,
    );
    expect(outcome).toMatchObject({
      ok: true,
      settings: {
        tls: { cert: pem('/etc/checkpoint/server.pem'), key: pem('/etc/checkpoint/server.key') },
        serverNames: ['checkpoint.example.org', '192.168.1.5'],
        trustProxy: ['127.0.0.1'],
      },
    });
  });

  it('refuses half a TLS setting, an unreadable file and a bad public URL', () => {
    expect(serverSettingsFromEnv({ TLS_CERT: '/x.pem' }, pem)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('together'),
    });
    const unreadable = serverSettingsFromEnv({ TLS_CERT: '/x.pem', TLS_KEY: '/x.key' }, () => {
      throw new Error('ENOENT: no such file');
    });
    expect(unreadable).toMatchObject({ ok: false, reason: expect.stringContaining('ENOENT') });
    expect(serverSettingsFromEnv({ CHECKPOINT_PUBLIC_URL: 'not a url' }, pem)).toMatchObject({ ok: false });
  });
});
