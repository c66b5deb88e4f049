import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGateConfig } from '../config/gate-config.ts';
import { CODE_TTL_MS, ScreenPairing } from './screen-pairing.ts';

export const PAIRING_USAGE = `  npm run gate -- pair [--config gate.json]     a one-time code (10 minutes) for a screen to enter
  npm run gate -- screens [--config gate.json]  the screens paired with this gate
  npm run gate -- unpair <id|name> [--config gate.json]
                                              the screen loses its credential at once`;

/** The demo gate keeps its data where npm start and the seed put it. */
export function demoGateDataDir(): string {
  return join(process.env.CHECKPOINT_DATA_DIR ?? 'data', 'gate');
}

/**
 * `pair`, `screens`, `unpair` run beside the gate service on the gate PC itself, on its pairing
 * file: whoever can run them can read the gate's data folder anyway, so no route is opened for them.
 */
export async function runPairingCommand(command: 'pair' | 'screens' | 'unpair', args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' } } });
  const dataDir = values.config ? (await loadGateConfig(values.config)).dataDir : demoGateDataDir();
  const pairing = new ScreenPairing(dataDir);
  try {
    switch (command) {
      case 'pair': {
        const code = pairing.issueCode(new Date());
        return `pairing code: ${code}\nenter it on the kiosk screen within ${CODE_TTL_MS / 60_000} minutes; it works once`;
      }
      case 'screens': {
        const screens = pairing.list();
        if (screens.length === 0) return 'no screen is paired with this gate';
        return screens.map((s) => `${s.id}  ${s.name}  paired ${s.pairedAt}  last seen ${s.lastSeenAt ?? 'never'}`).join('\n');
      }
      case 'unpair': {
        const which = positionals[0];
        if (positionals.length !== 1 || !which) throw new Error(PAIRING_USAGE);
        const removed = pairing.unpair(which);
        if (removed === 0) throw new Error(`no paired screen has the id or name ${JSON.stringify(which)}`);
        return `unpaired ${removed} screen${removed === 1 ? '' : 's'}`;
      }
    }
  } finally {
    pairing.close();
  }
}
