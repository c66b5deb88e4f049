import { dataDirFromEnv, openDataDir } from './data-dir.ts';
import { seedDemo } from './seed.ts';

const dataDir = dataDirFromEnv(process.env);
const serverUrl = process.env.CHECKPOINT_SERVER_URL ?? 'http://127.0.0.1:8080';

const { db, keys } = await openDataDir(dataDir, { databaseUrl: process.env.DATABASE_URL });
try {
  const result = await seedDemo({ db, keys, dataDir, serverUrl });
  if (!result.created) {
    console.log(`The demo community is already loaded in ${dataDir}; nothing changed.`);
  } else {
    console.log(
      `Loaded the demo community: ${result.households} households, ${result.persons} persons, gate device ${result.gate.deviceId}.`,
    );
    console.log(`Gate credentials: ${dataDir}/demo-gate.json`);
    console.log(`Resident passes:  ${dataDir}/demo-passes.json`);
    console.log('Console accounts (shown once; also in demo-accounts.json):');
    for (const account of result.accounts) {
      const pin = account.pin ? `; kiosk: ${account.displayName ?? account.username}, PIN ${account.pin}` : '';
      console.log(`  ${account.username} / ${account.password}  (${account.role}${pin})`);
    }
  }
} finally {
  await db.destroy();
}
