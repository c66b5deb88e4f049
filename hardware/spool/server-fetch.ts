import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { GateConfigError } from '../config/gate-config.ts';

/**
 * The fetch the gate reaches its community server with. With gate.json's `serverCa` it trusts that
 * CA alone (a community's own CA is the common case), not the system's list; without it, the
 * system's CAs (a server with a public certificate). A file that is no certificate stops the gate at start.
 */
export function serverFetch(serverCa: string | null): typeof fetch {
  if (serverCa === null) return fetch;
  const dispatcher = new Agent({ connect: { ca: readCaFile(serverCa) } });
  const trusting = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
  return trusting as unknown as typeof fetch;
}

function readCaFile(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new GateConfigError(`serverCa ${path}: cannot read it (${(error as Error).message})`);
  }
  try {
    new X509Certificate(pem);
  } catch {
    throw new GateConfigError(`serverCa ${path}: not a PEM certificate (expected the community CA's community-ca.pem)`);
  }
  return pem;
}
