import { parseArgs } from 'node:util';
import { RosterSnapshot } from '../../protocol/roster.ts';
import { loadGateConfig } from '../config/gate-config.ts';
import { demoGateDataDir } from '../pairing/pairing-commands.ts';
import { ScreenPairing } from '../pairing/screen-pairing.ts';
import { RosterCache } from '../roster/roster-cache.ts';
import { GuardPinStore } from './guard-pin-store.ts';

export const PIN_USAGE = `  npm run gate -- pins [--config gate.json]     guards and screens with wrong PINs counted or locked
  npm run gate -- unlock <guard|screen|all> [--config gate.json]
                                              lift a lock (a guard or screen by id or name) at once`;

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** Guards' names from the last roster the gate cached, for a list a person can read. */
async function guardNames(dataDir: string): Promise<Map<string, string>> {
  const cached = await new RosterCache(dataDir, quiet).load();
  if (!cached) return new Map();
  try {
    const roster = RosterSnapshot.safeParse(JSON.parse(cached.body));
    return new Map(roster.success ? roster.data.guards.map((g) => [g.id, g.name]) : []);
  } catch {
    return new Map();
  }
}

/**
 * `pins` and `unlock` run on the gate PC beside the gate service, on its files, like the pairing
 * commands: whoever can run them can read the gate's data folder anyway, so no route is opened.
 */
export async function runPinCommand(command: 'pins' | 'unlock', args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' } } });
  const dataDir = values.config ? (await loadGateConfig(values.config)).dataDir : demoGateDataDir();
  const names = await guardNames(dataDir);
  const pairing = new ScreenPairing(dataDir);
  const screens = new Map(pairing.list().map((s) => [s.id, s.name]));
  pairing.close();
  const store = new GuardPinStore(dataDir);
  try {
    if (command === 'pins') {
      const locks = store.locks(new Date());
      if (locks.length === 0) return `no wrong PINs counted (${store.guardCount} guards' PINs on this gate)`;
      return locks
        .map((lock) => {
          const name = (lock.scope === 'guard' ? names : screens).get(lock.id) ?? '?';
          const state = lock.lockedUntil ? `locked until ${lock.lockedUntil}` : `${lock.failures} wrong in a row`;
          return `${lock.scope}  ${lock.id}  ${name}  ${state}`;
        })
        .join('\n');
    }
    const which = positionals[0];
    if (positionals.length !== 1 || !which) throw new Error(PIN_USAGE);
    if (which === 'all') return `cleared ${store.unlock('all')} counts`;
    const named = (map: Map<string, string>) => [...map].filter(([, name]) => name === which).map(([id]) => id);
    const guardIds = new Set([which, ...named(names)]);
    const screenIds = new Set([which, ...named(screens)]);
    let cleared = 0;
    for (const id of guardIds) cleared += store.unlock({ scope: 'guard', id });
    for (const id of screenIds) cleared += store.unlock({ scope: 'screen', id });
    if (cleared === 0) throw new Error(`no guard or screen ${JSON.stringify(which)} has wrong PINs counted`);
    return `unlocked ${JSON.stringify(which)}: the next PIN is checked`;
  } finally {
    store.close();
  }
}
