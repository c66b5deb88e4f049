import process from 'node:process';

/**
 * `npm run doctor -- server`: the community server's checks (server/operations/doctor-cli.ts).
 * `npm run doctor -- --config gate.json`: the gate's devices (hardware/doctor/doctor.ts). Each
 * part is loaded only when asked for, so a gate PC never loads the server's database drivers.
 */
if (process.argv[2] === 'server') {
  const { runServerDoctor } = await import('../server/operations/doctor-cli.ts');
  process.exit(await runServerDoctor());
} else {
  await import('../hardware/doctor/doctor.ts');
}
