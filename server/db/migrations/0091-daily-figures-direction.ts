import type { Kysely, Migration } from 'kysely';

/**
 * Passages in, per gate and hour, beside the total (out = total − in): a street office reports
 * both. Rows counted before this migration keep null — the split is unknown for them, and a sum
 * over a range that includes one says so rather than showing a made-up split.
 */
export const dailyFiguresDirection: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('daily_figures').addColumn('entries_in', 'integer').execute();
  },
};
