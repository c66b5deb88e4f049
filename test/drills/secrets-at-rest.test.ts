import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDigitFor, maskResidentId } from '../../protocol/resident-id.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { signInApi } from '../support/server-api.ts';
import { handOverUntilAnswered, spoolStatus } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { gateFetch } from '../support/gate-screen.ts';

/*
 * Drill: a run that signs in (rightly and wrongly), types ID numbers into the roster by hand and by
 * file import, and hands entries to the gate service, which forwards them; then every database file
 * in the data folder, everything the gate keeps (its spool, its roster and configuration caches), and
 * every line the server logged (at debug level, the chattiest it gets) and the gate logged are read
 * as bytes and searched for the clear ID numbers, the passwords and the device token. The seed's
 * own demo-*.json hand-over files (mode 0600, written for the operator) are the one place they may
 * be, and are left out.
 */

const idNumber = (first17: string) => `${first17}${checkDigitFor(first17)}`;
const TYPED_ID = idNumber('32058219931106274');
const IMPORTED_ID = idNumber('51010719770315368');
const WRONG_PASSWORD = 'Wr0ng-Pa55word-Drill';
/** Kept in the roster and the entries by design, so looked for in the logs only. */
const RESIDENT_NAME = '演练住户甲';
const RESIDENT_PHONE = '13912345678';
const VISITOR_NAME = '演练访客乙';

let server: ServerProcess;
let gate: GateProcess;
beforeAll(async () => {
  server = await startServerProcess({ logLevel: 'debug' });
  gate = await startGateProcess(server.dataDir, server.url);
}, 120_000);
afterAll(async () => {
  await gate?.stop();
  await server?.stop();
});

/** Every file under the gate's own data folder (the demo gate keeps its state in data/gate). */
function gateFiles(): Buffer[] {
  const dir = join(server.dataDir, 'gate');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path));
}

function occurrences(haystack: Buffer, needle: string): number {
  let count = 0;
  for (const encoding of ['utf8', 'utf16le'] as const) {
    const bytes = Buffer.from(needle, encoding);
    for (let at = haystack.indexOf(bytes); at !== -1; at = haystack.indexOf(bytes, at + 1)) count++;
  }
  return count;
}

describe('secrets at rest', () => {
  it('keeps no clear ID number, password or device token in the database files or the logs', async () => {
    const admin = server.accounts.find((account) => account.role === 'admin')!;
    const property = server.accounts.find((account) => account.role === 'property')!;
    const refused = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password: WRONG_PASSWORD }),
    });
    expect(refused.status).toBe(401);
    const cookie = await signInApi(server.url, admin);
    await signInApi(server.url, property);

    const households = (await (await fetch(`${server.url}/api/v1/admin/households`, { headers: { cookie } })).json()) as {
      households: { id: string }[];
    };
    const typed = await fetch(`${server.url}/api/v1/admin/persons`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        householdId: households.households[0]!.id,
        name: RESIDENT_NAME,
        category: 'resident',
        phone: RESIDENT_PHONE,
        idNumber: TYPED_ID,
      }),
    });
    expect(typed.status, await typed.clone().text()).toBeLessThan(300);
    expect(JSON.stringify(await typed.json())).not.toContain(TYPED_ID);

    const csv = `楼栋,单元,房号,姓名,类别,身份证号\n9,1单元,901,导入住户,居民,${IMPORTED_ID}\n`;
    const imported = await fetch(`${server.url}/api/v1/admin/roster-import?commit=1`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv' },
      body: csv,
    });
    const importAnswer = await imported.text();
    expect(imported.status, importAnswer).toBe(200);
    expect(importAnswer).not.toContain(IMPORTED_ID);

    // Staff look people up by name, phone and ID number: all three travel in the query string.
    for (const q of [RESIDENT_NAME, RESIDENT_PHONE, TYPED_ID]) {
      const search = await fetch(`${server.url}/api/v1/review/persons?${new URLSearchParams({ q })}`, { headers: { cookie } });
      expect(search.status, await search.clone().text()).toBe(200);
      // A whole ID number finds nobody (only its masked form is kept), but it was typed all the same.
      if (q !== TYPED_ID) expect(await search.text()).toContain(RESIDENT_NAME);
    }

    const entries = Array.from({ length: 20 }, () =>
      makeEntryRecord(server.gate, {
        subject: {
          category: 'visitor',
          personId: null,
          name: VISITOR_NAME,
          idHash: null,
          idMasked: maskResidentId(TYPED_ID),
          scan: null,
        },
      }),
    );
    const handed = await handOverUntilAnswered(gate.url, entries);
    expect(handed.results.map((r) => r.status)).toEqual(entries.map(() => 'kept'));
    // Forwarded by the gate to the server, and answered.
    await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 30_000 }).toBe(0);
    expect(await server.storedEntryIds()).toEqual(expect.arrayContaining(entries.map((entry) => entry.id)));
    // The roster passes through the gate too, which keeps a copy for when the server is out of reach.
    expect((await gateFetch(`${gate.url}/uplink/roster`)).status).toBe(200);
    const gateWhileRunning = gateFiles();
    await gate.stop();
    const gateBytes = Buffer.concat([...gateWhileRunning, ...gateFiles()]);
    const gateLogs = Buffer.from(gate.output());

    // Stopped cleanly and also looked at before: the WAL and the main file both count.
    const filesWhileRunning = readdirSync(server.dataDir)
      .filter((name) => name.startsWith('checkpoint.sqlite'))
      .map((name) => readFileSync(join(server.dataDir, name)));
    await server.stop();
    const databaseFiles = readdirSync(server.dataDir).filter((name) => name.startsWith('checkpoint.sqlite'));
    expect(databaseFiles).toContain('checkpoint.sqlite');
    const bytes = Buffer.concat([...filesWhileRunning, ...databaseFiles.map((name) => readFileSync(join(server.dataDir, name)))]);
    const logs = Buffer.from(server.output());
    expect(logs.length).toBeGreaterThan(0);

    const secrets: Record<string, string> = {
      'typed ID number': TYPED_ID,
      'imported ID number': IMPORTED_ID,
      'device token': server.gate.deviceToken,
      'wrong password': WRONG_PASSWORD,
    };
    for (const account of server.accounts) secrets[`password of ${account.username}`] = account.password;
    const found = Object.entries(secrets).flatMap(([what, secret]) => {
      const where = [
        occurrences(bytes, secret) > 0 ? 'database' : '',
        occurrences(logs, secret) > 0 ? 'logs' : '',
        occurrences(gateBytes, secret) > 0 ? 'gate files' : '',
        occurrences(gateLogs, secret) > 0 ? 'gate logs' : '',
        occurrences(logs, encodeURIComponent(secret)) > 0 ? 'logs, URL-encoded' : '',
      ].filter(Boolean);
      return where.length > 0 ? [`${what} in ${where.join(' and ')}`] : [];
    });
    expect(found).toEqual([]);
    // Names and phone numbers belong in the roster and the entries, never in a log line, in any spelling.
    const inLogs = [RESIDENT_NAME, RESIDENT_PHONE, VISITOR_NAME].flatMap((text) =>
      [text, encodeURIComponent(text), new URLSearchParams({ q: text }).toString().slice(2)].flatMap((form) =>
        occurrences(logs, form) + occurrences(gateLogs, form) > 0 ? [form] : [],
      ),
    );
    expect(inLogs).toEqual([]);
    // Both logs are pino's JSON lines; the searches and the batch were logged at all.
    const jsonLines = (text: string) =>
      text.split('\n').flatMap((line) => {
        const json = line.slice(line.indexOf('{'));
        try {
          return line.includes('{') ? [JSON.parse(json) as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      });
    const serverLines = jsonLines(logs.toString('utf8'));
    expect(serverLines.some((line) => (line.req as { url?: string } | undefined)?.url === '/api/v1/review/persons')).toBe(true);
    expect(jsonLines(gateLogs.toString('utf8')).some((line) => line.part === 'gate' && typeof line.msg === 'string')).toBe(true);
    // The masked form is what is meant to be kept: proof the search reads the right bytes.
    expect(occurrences(bytes, maskResidentId(TYPED_ID))).toBeGreaterThan(0);
    expect(occurrences(bytes, maskResidentId(IMPORTED_ID))).toBeGreaterThan(0);
    expect(occurrences(gateBytes, maskResidentId(TYPED_ID))).toBeGreaterThan(0);
  }, 180_000);
});
