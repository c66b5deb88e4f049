import { resolve } from 'node:path';
import { buildApp } from './app.ts';
import { dataDirFromEnv, openDataDir } from './setup/data-dir.ts';
import { retentionDaysFromEnv, scheduleRetention } from './retention/retention.ts';
import { serverSettingsFromEnv } from './setup/server-settings.ts';
import { backupConfigFromEnv } from './operations/backup-config.ts';
import { scheduleBackups } from './operations/backup-schedule.ts';
import { noteServerProcess } from './operations/server-pid.ts';
import { isPostgresUrl } from './db/open-database.ts';
import { LiveEvents } from './review/live-events.ts';
import { PostgresFeverRelay } from './review/postgres-fever-relay.ts';

const configured = serverSettingsFromEnv(process.env);
if (!configured.ok) {
  console.error(configured.reason);
  process.exit(2);
}
const { port, host, tls, serverNames, publicUrl, trustProxy } = configured.settings;
const dataDir = dataDirFromEnv(process.env);
const retention = retentionDaysFromEnv(process.env);
if (!retention.ok) {
  console.error(retention.reason);
  process.exit(2);
}

const backup = backupConfigFromEnv(process.env, dataDir);
const { db, keys } = await openDataDir(dataDir, { databaseUrl: process.env.DATABASE_URL });
const forgetProcess = noteServerProcess(dataDir);
// On PostgreSQL several processes may serve one address: a fever ingested at one reaches the
// consoles open on every other (docs/performance.md, "Several server processes").
const databaseUrl = process.env.DATABASE_URL;
const relay = isPostgresUrl(databaseUrl)
  ? new PostgresFeverRelay({ db, url: databaseUrl, report: (message) => app.log.warn(message) })
  : null;
const liveEvents = new LiveEvents(relay);
const app = await buildApp({
  db,
  keys,
  liveEvents,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  // Relative to the working folder, as the gate's kioskDir: the same path from the sources and from dist/node.
  consoleDir: resolve(process.env.CHECKPOINT_CONSOLE_DIR ?? 'dist/console'),
  retentionDays: retention.days,
  https: tls,
  serverNames,
  publicUrl,
  trustProxy,
  backup,
  metricsToken: process.env.CHECKPOINT_METRICS_TOKEN || null,
});

const purge = scheduleRetention({
  db,
  configuredDays: retention.days,
  report: (outcome) => {
    if (!outcome.ok) app.log.error({ reason: outcome.reason }, 'retention purge failed');
    else if (outcome.result.deleted > 0) app.log.info(outcome.result, 'retention purge');
  },
});

const backups = scheduleBackups({
  config: backup,
  report: (outcome) => {
    if (outcome.ok) app.log.info({ backup: outcome.manifest.file, entries: outcome.manifest.counts.entries }, 'backup taken');
    else app.log.error({ reason: outcome.reason }, 'backup failed');
  },
});
if (relay && !(await relay.listen(liveEvents))) app.log.error('live fevers: cannot LISTEN yet; retrying');
if (backup.recipient === null) app.log.warn('no backup key configured: run npm run backup -- keygen (docs/operations.md)');

let closing = false;
async function close(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  await purge.stop();
  await backups.stop();
  await relay?.close();
  await app.close();
  await db.destroy();
  forgetProcess();
  process.exit(0);
}
process.on('SIGINT', () => void close('SIGINT'));
process.on('SIGTERM', () => void close('SIGTERM'));

try {
  await app.listen({ port, host });
} catch (error) {
  app.log.error({ err: error }, 'cannot listen');
  await purge.stop();
  await backups.stop();
  await relay?.close();
  await db.destroy();
  forgetProcess();
  process.exit(1);
}
const shownHost = host.includes(':') ? `[${host}]` : host;
console.log(
  `Checkpoint community server: review console at ${tls ? 'https' : 'http'}://${shownHost}:${port}/ (data in ${dataDir}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`,
);
