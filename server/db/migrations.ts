import { Migrator, type Kysely, type Migration } from 'kysely';
import { foundation } from './migrations/0001-foundation.ts';
import { accountsDevices } from './migrations/0002-accounts-devices.ts';
import { rosterWatchRules } from './migrations/0010-roster-watch-rules.ts';
import { review } from './migrations/0020-review.ts';
import { confirmedCases } from './migrations/0021-confirmed-cases.ts';
import { entriesCategoryIndex } from './migrations/0022-entries-category-index.ts';
import { reviewBackfill } from './migrations/0023-review-backfill.ts';
import { guardPins } from './migrations/0030-guard-pins.ts';
import { entriesGatePersonIndex } from './migrations/0031-entries-gate-person-index.ts';
import { guardPinRecords } from './migrations/0045-guard-pin-records.ts';
import { signInByAddress } from './migrations/0040-sign-in-by-address.ts';
import { communityTimeZoneFeverReadings } from './migrations/0060-community-time-zone-fever-readings.ts';
import { feverGoal } from './migrations/0065-fever-goal.ts';
import { feverEventAbandoned } from './migrations/0066-fever-event-abandoned.ts';
import { databaseIdentity } from './migrations/0080-database-identity.ts';
import { organisationTree } from './migrations/0090-organisation-tree.ts';
import { dailyFiguresDirection } from './migrations/0091-daily-figures-direction.ts';
import { orgLevelNames } from './migrations/0092-org-level-names.ts';
import { inheritedSettings } from './migrations/0093-inherited-settings.ts';
import { dailyReports } from './migrations/0094-daily-reports.ts';
import { fleet } from './migrations/0081-fleet.ts';
import { partitionedEntries } from './migrations/0095-partitioned-entries.ts';
import { dailyFiguresByGate } from './migrations/0096-daily-figures-by-gate.ts';
import { entriesIdHashIndex } from './migrations/0098-entries-id-hash-index.ts';
import { gateDayFigures } from './migrations/0099-gate-day-figures.ts';
import type { Database } from './schema.ts';

/**
 * Migrations live in code, not in files read from disk, so they ship inside whatever bundles the
 * server. Only portable column types (text, integer, double precision): PostgreSQL runs the same.
 * Add a migration as its own file under migrations/ and one line here; names sort in run order.
 */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-accounts-devices': accountsDevices,
  '0010-roster-watch-rules': rosterWatchRules,
  '0020-review': review,
  '0021-confirmed-cases': confirmedCases,
  '0022-entries-category-index': entriesCategoryIndex,
  '0023-review-backfill': reviewBackfill,
  '0030-guard-pins': guardPins,
  '0031-entries-gate-person-index': entriesGatePersonIndex,
  '0040-sign-in-by-address': signInByAddress,
  '0045-guard-pin-records': guardPinRecords,
  '0060-community-time-zone-fever-readings': communityTimeZoneFeverReadings,
  '0065-fever-goal': feverGoal,
  '0066-fever-event-abandoned': feverEventAbandoned,
  '0080-database-identity': databaseIdentity,
  '0090-organisation-tree': organisationTree,
  '0091-daily-figures-direction': dailyFiguresDirection,
  '0092-org-level-names': orgLevelNames,
  '0093-inherited-settings': inheritedSettings,
  '0094-daily-reports': dailyReports,
  '0081-fleet': fleet,
  '0095-partitioned-entries': partitionedEntries,
  '0096-daily-figures-by-gate': dailyFiguresByGate,
  '0098-entries-id-hash-index': entriesIdHashIndex,
  '0099-gate-day-figures': gateDayFigures,
};

export type MigrationOutcome = { ok: true; applied: string[] } | { ok: false; reason: string; applied: string[] };

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  // Features number their migrations in their own ranges (0002–0009, 0010–0019, …), so a database
  // that already ran 0010 must still accept a newer 0002.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) return { ok: false, reason: error instanceof Error ? error.message : String(error), applied };
  return { ok: true, applied };
}

/** Migrations this code has that the database has not run (the doctor reports them; the server runs them at start). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** The newest migration this code has: a backup made past it came from a newer release. */
export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1)!;
