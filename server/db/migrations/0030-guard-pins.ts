import type { Kysely, Migration } from 'kysely';

/** Guards' kiosk PINs (a PBKDF2 record as JSON) and the name the kiosk shows for them. */
export const guardPins: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('guard_pin', 'text').execute();
    await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
  },
};
