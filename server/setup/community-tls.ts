import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where `npm run tls -- init` keeps a community's certificates: inside the server's data folder. */
export const TLS_FOLDER = 'tls';

export interface CommunityTlsFiles {
  /** The community CA's certificate: what a gate names in gate.json to trust this server. */
  caCert: string;
  /** The CA's private key (0600): it signs server certificates; keep it off the network if you can. */
  caKey: string;
  /** The server's certificate chain (TLS_CERT) and key (TLS_KEY, 0600). */
  serverCert: string;
  serverKey: string;
}

export function communityTlsFiles(dataDir: string): CommunityTlsFiles {
  const folder = join(dataDir, TLS_FOLDER);
  return {
    caCert: join(folder, 'community-ca.pem'),
    caKey: join(folder, 'community-ca.key'),
    serverCert: join(folder, 'server.pem'),
    serverKey: join(folder, 'server.key'),
  };
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/**
 * A community CA (made once, kept) and a server certificate it signs for `names` (DNS names or
 * addresses; loopback and this machine's name are always in). A test install or a community
 * without a public name uses this; a server with a certificate from a public CA needs none of it.
 */
export async function initCommunityTls(
  dataDir: string,
  options: { names?: readonly string[]; community?: string } = {},
): Promise<{ files: CommunityTlsFiles; createdCa: boolean; names: string[] }> {
  const files = communityTlsFiles(dataDir);
  mkdirSync(join(dataDir, TLS_FOLDER), { recursive: true, mode: 0o700 });
  const work = mkdtempSync(join(dataDir, TLS_FOLDER, '.work-'));
  try {
    const createdCa = !existsSync(files.caCert) || !existsSync(files.caKey);
    if (createdCa) {
      await openssl([
        'req',
        '-x509',
        ...EC_KEY,
        '-keyout',
        files.caKey,
        '-out',
        files.caCert,
        '-days',
        '3650',
        '-subj',
        `/CN=${options.community ?? 'Checkpoint'} community CA`,
        '-addext',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      chmodSync(files.caKey, 0o600);
    }
    const names = [...new Set(['localhost', '127.0.0.1', '::1', hostname(), ...(options.names ?? [])])];
    const altNames = names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
    const extensions = join(work, 'server.ext');
    writeFileSync(
      extensions,
      `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames}\n`,
    );
    const request = join(work, 'server.csr');
    const key = join(work, 'server.key');
    await openssl(['req', '-new', ...EC_KEY, '-keyout', key, '-out', request, '-subj', `/CN=${names.at(-1)}`]);
    const cert = join(work, 'server.pem');
    await openssl([
      'x509',
      '-req',
      '-in',
      request,
      '-CA',
      files.caCert,
      '-CAkey',
      files.caKey,
      '-CAcreateserial',
      '-CAserial',
      join(work, 'ca.srl'),
      '-days',
      '825',
      '-extfile',
      extensions,
      '-out',
      cert,
    ]);
    chmodSync(key, 0o600);
    // Written whole, then moved in: a server restarting meanwhile never reads half a certificate.
    renameSync(key, files.serverKey);
    renameSync(cert, files.serverCert);
    return { files, createdCa, names };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
