/**
 * The tests need six Debian packages: Chromium (a real browser), socat (pseudo-terminal serial
 * devices), CJK fonts (Chinese text in screenshots), PostgreSQL's server binaries (the server
 * tests run on PostgreSQL as well as SQLite, in a throwaway cluster they start themselves),
 * openssl (a community CA and server certificates for the TLS tests) and iproute2 (`ip`: the LAN
 * drills make a network namespace as a second machine on the gate's LAN). On a
 * fresh machine where we are root, install what is missing so the README's test command works as
 * written; elsewhere, say exactly what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { POSTGRES_BIN } from '../test/support/postgres-cluster.ts';

interface Requirement {
  debianPackage: string;
  present: () => boolean;
}

const onPath = (command: string) => (): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const requirements: Requirement[] = [
  { debianPackage: 'chromium', present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  { debianPackage: 'socat', present: onPath('socat') },
  { debianPackage: 'fonts-noto-cjk', present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') },
  { debianPackage: 'postgresql', present: () => existsSync(join(POSTGRES_BIN, 'initdb')) },
  // `npm run tls -- init` and the TLS tests make a community CA and certificates with it.
  { debianPackage: 'openssl', present: onPath('openssl') },
  { debianPackage: 'iproute2', present: onPath('ip') },
];

const missing = requirements.filter((r) => !r.present()).map((r) => r.debianPackage);
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && onPath('apt-get')();
  if (!canInstall) {
    console.error(`The tests need these system packages: ${missing.join(', ')}.\nInstall them as root:\n  ${command}`);
    process.exit(1);
  }
  console.log(`Installing the system packages the tests need: ${missing.join(', ')}`);
  execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
