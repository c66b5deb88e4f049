import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DockCardRequest, DockState } from '../../protocol/dock.ts';
import { DeviceKind } from '../../protocol/hardware-events.ts';
import { PAIRING_USAGE, runPairingCommand } from '../pairing/pairing-commands.ts';
import { PIN_USAGE, runPinCommand } from '../guard-pins/pin-commands.ts';
import { askStart, startControlSocket } from './start-control-client.ts';

/**
 * `npm run gate -- scan "<text>"`, `temp 36.6 [ambient]`, `card <name> <id>`, `unplug board`, `state`:
 * drives the running gate's simulated kit through its dock. `server down|up` stops and starts the
 * community server of the running `npm start`, to try the gate offline.
 */

const USAGE = `usage:
  npm run gate -- scan "<text>"               the simulated scanner reads <text>
  npm run gate -- temp <objectC> [ambientC]   a person steps up to the thermometer (MLX90614 or gun)
  npm run gate -- card <name> <idNumber> [<validTo>|长期] [--from <date>] [--pull | --bad-check]
                                              lay an ID card on the simulated reader (dates YYYY-MM-DD;
                                              --pull: taken away mid-read; --bad-check: a noisy answer)
  npm run gate -- card take                   take the card off the reader
  npm run gate -- unplug <device>             pull the cable of scanner | thermometer | board | id-card-reader
  npm run gate -- replug <device>             plug it back in
  npm run gate -- state                       lights, buzzer, gate relay and what is plugged in
${PAIRING_USAGE}
${PIN_USAGE}
  npm run gate -- server down | up            stop or start the community server of \`npm start\` (try offline)
the gate: $CHECKPOINT_GATE_URL, else http://127.0.0.1:$CHECKPOINT_GATE_PORT, else the gate of the
\`npm start\` running on this data folder ($CHECKPOINT_DATA_DIR, default ./data), else http://127.0.0.1:8081`;

const socket = startControlSocket();
/** A gate answers the dock at once; a busy demo PC (a build, a browser) can take seconds. */
const ANSWER_WITHIN_MS = 15_000;

/** Where the gate is: named outright, by its port, or as the running `npm start` says. */
async function gateUrl(): Promise<string> {
  if (process.env.CHECKPOINT_GATE_URL) return process.env.CHECKPOINT_GATE_URL;
  if (process.env.CHECKPOINT_GATE_PORT) return `http://127.0.0.1:${process.env.CHECKPOINT_GATE_PORT}`;
  return (await askStart(socket, 'GET', '/state'))?.gateUrl ?? 'http://127.0.0.1:8081';
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const base = await gateUrl();
  let response: Response;
  try {
    response = await fetch(new URL(path, base), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      throw new Error(
        `the gate service at ${base} did not answer within ${ANSWER_WITHIN_MS / 1000} s: is the gate PC overloaded?`,
      );
    const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : '';
    throw new Error(
      `no gate service answers at ${base}${cause}: start Checkpoint with \`npm start\`, or name the gate with CHECKPOINT_GATE_URL (or CHECKPOINT_GATE_PORT)`,
    );
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`gate answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

function celsius(value: string | undefined, name: string): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n))
    throw new Error(`${name} must be a number in °C, got ${String(value)}\n${USAGE}`);
  return n;
}

function cardRequest(args: string[]): DockCardRequest {
  if (args.length === 1 && args[0] === 'take') return { action: 'take' };
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { from: { type: 'string' }, pull: { type: 'boolean' }, 'bad-check': { type: 'boolean' } },
  });
  if (positionals.length < 2 || positionals.length > 3 || (values.pull && values['bad-check'])) throw new Error(USAGE);
  const [name, idNumber, validTo] = positionals;
  const request = DockCardRequest.safeParse({
    action: 'lay',
    name,
    idNumber: idNumber?.toUpperCase(),
    validFrom: values.from,
    validTo: validTo === '长期' ? null : validTo,
    fault: values.pull ? 'pulled-mid-read' : values['bad-check'] ? 'bad-check' : undefined,
  });
  if (!request.success)
    throw new Error(`${request.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}\n${USAGE}`);
  return request.data;
}

async function run(args: string[]): Promise<string> {
  const [command, ...rest] = args;
  switch (command) {
    case 'scan':
      if (rest.length !== 1 || !rest[0]) throw new Error(USAGE);
      await call('POST', '/dock/scan', { text: rest[0] });
      return `scanned ${JSON.stringify(rest[0])}`;
    case 'temp': {
      if (rest.length < 1 || rest.length > 2) throw new Error(USAGE);
      const objectC = celsius(rest[0], 'objectC');
      const ambientC = rest[1] === undefined ? null : celsius(rest[1], 'ambientC');
      await call('POST', '/dock/temperature', { objectC, ambientC });
      return `thermometer gun read ${objectC} °C${ambientC === null ? '' : ` (ambient ${ambientC} °C)`}`;
    }
    case 'card': {
      const request = cardRequest(rest);
      await call('POST', '/dock/card', request);
      return request.action === 'take'
        ? 'took the card off the simulated reader'
        : `laid the card of ${request.name} on the simulated reader`;
    }
    case 'unplug':
    case 'replug': {
      const device = DeviceKind.safeParse(rest[0]);
      if (rest.length !== 1 || !device.success)
        throw new Error(`device must be one of ${DeviceKind.options.join(', ')}\n${USAGE}`);
      await call('POST', `/dock/${command}`, { device: device.data });
      return `${command === 'unplug' ? 'unplugged' : 'plugged in'} the simulated ${device.data}`;
    }
    case 'pair':
    case 'screens':
    case 'unpair':
      return runPairingCommand(command, rest);
    case 'pins':
    case 'unlock':
      return runPinCommand(command, rest);
    case 'state':
      return JSON.stringify(DockState.parse(await call('GET', '/dock/state')), null, 2);
    case 'server': {
      const wanted = rest[0];
      if (rest.length !== 1 || (wanted !== 'down' && wanted !== 'up')) throw new Error(USAGE);
      const state = await askStart(socket, 'POST', `/server/${wanted}`);
      if (!state)
        throw new Error(
          `no \`npm start\` runs on ${dirname(socket)} (CHECKPOINT_DATA_DIR names another folder); ` +
            'a community server run on its own is stopped and started where it runs',
        );
      return state.server === 'down'
        ? `the community server at ${state.serverUrl} is stopped: the gate keeps every entry and the kiosk works on; \`npm run gate -- server up\` starts it again`
        : `the community server at ${state.serverUrl} is running: the gate sends what it kept`;
    }
    default:
      throw new Error(USAGE);
  }
}

run(process.argv.slice(2)).then(
  (message) => console.log(message),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  },
);
