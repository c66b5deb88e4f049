import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { LanNamespace } from './lan-namespace.ts';
import type { LanAnswer, LanRequest } from './lan-requests.ts';
import { ROOT } from './system.ts';

export type { LanAnswer, LanRequest };

/**
 * Sends requests from the LAN namespace, one after another, by a Node process started inside it:
 * the gate sees a client at the namespace's address, with no way to reach this machine's loopback.
 * `method: 'WEBSOCKET'` opens a WebSocket at a ws:// URL instead.
 */
export function fromLan(lan: LanNamespace, requests: LanRequest[]): Promise<LanAnswer[]> {
  const { command, args } = lan.exec(process.execPath, ['--import', 'tsx', resolve(ROOT, 'test/support/lan-requests.ts')]);
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the LAN client exited with ${code}:\n${errors}`));
      done(JSON.parse(output) as LanAnswer[]);
    });
    child.stdin.end(JSON.stringify(requests));
  });
}
