import type { FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { LoginLimits } from './accounts/login-throttle.ts';
import type { Database } from './db/schema.ts';
import type { LiveEvents } from './review/live-events.ts';
import type { ServerKeys } from './setup/keys.ts';
import type { BackupConfig } from './operations/backup-config.ts';

/** What buildApp is given: the database, keys, clock and settings every feature's routes draw on. */
export interface AppDeps {
  db: Kysely<Database>;
  keys: ServerKeys;
  /** Fastify logger: false in tests, pino options in production (redaction is added here). */
  logger: boolean | Exclude<FastifyServerOptions['logger'], boolean | undefined>;
  /** The built review console (dist/console). */
  consoleDir: string;
  loginLimits?: Partial<LoginLimits>;
  /** Where ingest announces new fevers to open consoles; main.ts creates one per process. */
  liveEvents?: LiveEvents;
  /** Days entries are kept unless an admin sets otherwise (CHECKPOINT_RETENTION_DAYS). */
  retentionDays?: number;
  now?: () => Date;
  /** Mark the session cookie Secure; by default it is under TLS or behind an https public URL. */
  secureCookies?: boolean;
  /** Serve HTTPS with this certificate chain and key (PEM). */
  https?: { cert: Buffer; key: Buffer } | null;
  /** Names gates and browsers use for this server beyond loopback and its own addresses (DNS rebinding). */
  serverNames?: readonly string[];
  /** The address users type when a reverse proxy stands in front: its host is served and its origin may write. */
  publicUrl?: URL | null;
  /** Addresses of a reverse proxy whose X-Forwarded-For names the client (sign-in throttling by address). */
  trustProxy?: readonly string[];
  /** Where backups go and with which key (main.ts reads it from the environment); shown to admins. */
  backup?: BackupConfig;
  /** Bearer token for GET /metrics (CHECKPOINT_METRICS_TOKEN); without one only this machine may read it. */
  metricsToken?: string | null;
}
