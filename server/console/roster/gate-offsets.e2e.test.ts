import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncBatchResponse } from '../../../protocol/sync.ts';
import type { EntryRecord } from '../../../protocol/entry.ts';
import { armpitCheckEntries } from '../../../test/support/armpit-checks.ts';
import { LANGUAGES } from '../i18n/language.ts';
import { SHOTS, slow, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * The gate page's learnt thermometer offset, in Chromium against the real server: the demo gate
 * sends its entries over its own ingest route — armpit checks from a thermometer reading a degree
 * high under its old calibration, then, after a recalibration, checks from a thermometer reading
 * 0.6 °C high — and property staff see the offset learnt since the recalibration only, its
 * uncertainty, that the rule uses it, and the warning that it disagrees with the calibration record.
 * Screenshots in both languages at 1024×600 and 1280×800 land in test-results/gate-offsets/.
 */
const PROPERTY = { username: 'e2e-offset-property', password: 'offset-property-pass-1', role: 'property' } as const;
const SIZES = [
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
] as const;
const DAY = 86_400_000;

describe('the gate page’s learnt thermometer offset', () => {
  let server: ConsoleServer;
  const recalibratedAt = new Date(Date.now() - 3 * DAY).toISOString();

  beforeAll(async () => {
    server = await startConsoleServer({ demo: true, accounts: [PROPERTY] });
    const gate = server.seeded!.gate;
    const device = { deviceId: gate.deviceId, gateId: gate.gateId };
    const entries: EntryRecord[] = [
      ...armpitCheckEntries(device, { count: 40, offsetC: 1.0, firstAtMs: Date.now() - 9 * DAY, calibratedAt: null }),
      ...armpitCheckEntries(device, { count: 36, offsetC: 0.6, firstAtMs: Date.now() - 2 * DAY, calibratedAt: recalibratedAt }),
    ];
    const response = await fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gate.deviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: 'offsets-1', entries }),
    });
    const answer = SyncBatchResponse.parse(await response.json());
    expect(answer.results.filter((r) => r.status === 'stored')).toHaveLength(entries.length);
  }, 120_000);

  afterAll(() => server?.close());

  it('shows the offset since the last calibration, its uncertainty and the disagreement, in both languages', async () => {
    const shots = join(SHOTS, 'gate-offsets');
    mkdirSync(shots, { recursive: true });
    const expected = {
      'zh-CN': { line: /面部最高点.*：读数偏高 0\.\d\d °C ± 0\.\d\d（36 次腋温复核/, use: '已用于判定', warn: '与校准记录不符' },
      en: {
        line: /Hottest face point.*: reads 0\.\d\d °C high ± 0\.\d\d \(36 armpit checks/,
        use: 'used by the rule',
        warn: 'Disagrees',
      },
    } as const;
    for (const language of LANGUAGES)
      for (const size of SIZES) {
        const { context, page } = await server.open(PROPERTY, { language, viewport: size });
        await page.goto(`${server.url}/#/gates`);
        const offset = page.locator('cp-gates-page [data-test=device-offset]');
        await offset.locator('[data-test=offset-face-max]').waitFor(slow);
        const line = (await offset.locator('[data-test=offset-face-max]').textContent())!;
        expect(line).toMatch(expected[language].line);
        expect(line).toContain(expected[language].use);
        // Learnt from the 36 checks since the recalibration: about 0.6 °C, not the old degree.
        const learnt = Number(/(\d\.\d\d) °C/.exec(line)![1]);
        expect(learnt).toBeGreaterThan(0.45);
        expect(learnt).toBeLessThan(0.75);
        expect(await offset.textContent()).toContain(recalibratedAt.slice(0, 4));
        await expect
          .poll(() => offset.locator('[data-test=offset-disagrees]').textContent(), slow)
          .toContain(expected[language].warn);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(wide).toBe(false);
        await page.screenshot({ path: join(shots, `gates-${language}-${size.width}.png`), fullPage: true });
        await context.close();
      }
  }, 180_000);
});
