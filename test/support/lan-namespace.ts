import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A second machine on the gate's LAN, made on this one: a network namespace joined to this machine
 * by a veth pair, each end with an address in a /30 of 10.213.0.0/16 that no interface here uses.
 * A process started inside (`ip netns exec`) has only that link: it reaches the gate through the
 * gate's LAN address as a tablet would, and none of this machine's loopback. Nothing else is
 * touched: no route, no firewall rule, no existing interface.
 */
export interface LanNamespace {
  name: string;
  /** This machine's end of the link: the address a LAN client reaches the gate at. */
  hostAddress: string;
  /** The client's address inside the namespace. */
  clientAddress: string;
  /** `ip netns exec <name>` before a command: run it as the LAN client. */
  exec: (command: string, args: string[]) => { command: string; args: string[] };
  /** An executable that runs Chromium inside the namespace (playwright's executablePath). */
  chromiumWrapper: (chromiumPath: string) => string;
  remove: () => void;
}

const PREFIX = 'checkpoint-lan-';

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why this machine cannot make the namespace, or null. Only root may; everything else is a failure. */
export function lanNamespaceUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the tests as root, as CI does)';
  if (spawnSync('sh', ['-c', 'command -v ip']).status !== 0) return 'the `ip` command (Debian package iproute2) is missing';
  return null;
}

/** Namespaces a test run left behind when it was killed before its afterAll: named by its pid, which is gone. */
function removeAbandoned(): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const pid = Number(/^checkpoint-lan-(\d+)-\d+$/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      ip('netns', 'del', name);
    }
  }
}

/** A /30 in 10.213.0.0/16 none of this machine's addresses falls in. */
function freeSubnet(): [string, string] {
  const used = ip('-o', '-4', 'addr', 'show');
  for (let attempt = 0; attempt < 100; attempt++) {
    const third = randomInt(1, 255);
    const base = randomInt(0, 64) * 4;
    const inUse = [0, 1, 2, 3].some((offset) => used.includes(` 10.213.${third}.${base + offset}/`));
    if (!inUse) return [`10.213.${third}.${base + 1}`, `10.213.${third}.${base + 2}`];
  }
  throw new Error('no free /30 in 10.213.0.0/16');
}

let made = 0;

export function createLanNamespace(): LanNamespace {
  removeAbandoned();
  const id = `${process.pid}-${made++}`;
  const name = `${PREFIX}${id}`;
  // Interface names are at most 15 characters.
  const tag = `${process.pid % 100_000}${made}`;
  const [outside, inside] = [`cpl${tag}a`, `cpl${tag}b`];
  const [hostAddress, clientAddress] = freeSubnet();
  const wrappers: string[] = [];
  const remove = () => {
    // Deleting the namespace destroys the veth end inside it, and with it this machine's end.
    spawnSync('ip', ['netns', 'del', name]);
    spawnSync('ip', ['link', 'del', outside]);
    for (const dir of wrappers) rmSync(dir, { recursive: true, force: true });
  };
  try {
    ip('netns', 'add', name);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', name);
    ip('addr', 'add', `${hostAddress}/30`, 'dev', outside);
    ip('link', 'set', outside, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${clientAddress}/30`, 'dev', inside);
    ip('netns', 'exec', name, 'ip', 'link', 'set', inside, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (error) {
    remove();
    throw error;
  }
  return {
    name,
    hostAddress,
    clientAddress,
    exec: (command, args) => ({ command: 'ip', args: ['netns', 'exec', name, command, ...args] }),
    chromiumWrapper: (chromiumPath) => {
      const dir = mkdtempSync(join(tmpdir(), 'checkpoint-lan-chromium-'));
      wrappers.push(dir);
      const file = join(dir, 'chromium');
      writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${name} ${chromiumPath} "$@"\n`);
      chmodSync(file, 0o700);
      return file;
    },
    remove,
  };
}
