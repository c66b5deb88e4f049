import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { runDoctor } from './doctor-checks.ts';
import { GateConfigError, loadGateConfig } from '../config/gate-config.ts';

/**
 * `npm run doctor -- --config /etc/checkpoint/gate.json [--timeout-ms 12000]`: lists the serial
 * ports and checks each configured device; exits 1 when anything needs attention.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: '/etc/checkpoint/gate.json' },
      'timeout-ms': { type: 'string', default: '12000' },
    },
  });
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new GateConfigError(`--timeout-ms must be a positive integer, got ${values['timeout-ms']}`);
  const config = await loadGateConfig(values.config);
  console.log(`checking the gate devices of ${values.config}${config.simulate ? ' (simulate: true, so the simulated kit)' : ''}`);
  const checks = await runDoctor(config, { timeoutMs, listPorts: () => SerialPort.list() });
  for (const check of checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.line}`);
  const failed = checks.filter((check) => !check.ok).length;
  console.log(failed === 0 ? 'all devices answer' : `${failed} check(s) need attention`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof GateConfigError ? error.message : `doctor failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
