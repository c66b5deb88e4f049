import type { Kysely, Migration } from 'kysely';

/**
 * Guard PINs move from the kiosk to the gate (issue 15) and new ones are scrypt: every stored
 * record now names its algorithm and its number of digits. The PBKDF2 records written before say
 * so, with the length unknown (only the PIN would tell), so the console can ask for a new PIN.
 */
export const guardPinRecords: Migration = {
  async up(db: Kysely<any>) {
    const rows = (await db.selectFrom('users').select(['id', 'guard_pin']).where('guard_pin', 'is not', null).execute()) as {
      id: string;
      guard_pin: string;
    }[];
    for (const row of rows) {
      const record = JSON.parse(row.guard_pin) as Record<string, unknown>;
      if (record.algorithm !== undefined) continue;
      const normalised = { algorithm: 'PBKDF2-SHA-256', ...record, digits: null };
      await db
        .updateTable('users')
        .set({ guard_pin: JSON.stringify(normalised) })
        .where('id', '=', row.id)
        .execute();
    }
  },
};
