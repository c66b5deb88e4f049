import { afterEach, describe, expect, it, vi } from 'vitest';
import { THERMOMETER_FORMATS, formatThermometerLine } from './thermometer-formats.ts';
import { ThermometerGunParser, type GunReading, type ThermometerGunParserOptions } from './thermometer-gun-parser.ts';

afterEach(() => vi.useRealTimers());

const celsius = { format: THERMOMETER_FORMATS['tagged-celsius'] };

async function parse(chunks: (string | Uint8Array)[], options: ThermometerGunParserOptions = celsius): Promise<GunReading[]> {
  const parser = new ThermometerGunParser(options);
  const out: GunReading[] = [];
  parser.on('data', (reading: GunReading) => out.push(reading));
  const ended = new Promise((resolve) => parser.on('end', resolve));
  for (const chunk of chunks) parser.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  parser.end();
  await ended;
  return out;
}

describe('ThermometerGunParser', () => {
  it('reads object and ambient temperatures', async () => {
    expect(await parse(['T=36.6C A=21.4C\r\nT=37.', '5C\r\n'])).toEqual([
      { ok: true, objectC: 36.6, ambientC: 21.4 },
      { ok: true, objectC: 37.5, ambientC: null },
    ]);
  });

  it('converts Fahrenheit to Celsius', async () => {
    expect(await parse(['T=98.6F A=68.0F\r\n'], { format: THERMOMETER_FORMATS['tagged-fahrenheit'] })).toEqual([
      { ok: true, objectC: 37, ambientC: 20 },
    ]);
  });

  it('reads what the simulated gun writes, in both formats', async () => {
    expect(await parse([`${formatThermometerLine('tagged-celsius', 36.8, 5.5)}\r\n`])).toEqual([
      { ok: true, objectC: 36.8, ambientC: 5.5 },
    ]);
    const fahrenheit = `${formatThermometerLine('tagged-fahrenheit', 37, null)}\r\n`;
    expect(await parse([fahrenheit], { format: THERMOMETER_FORMATS['tagged-fahrenheit'] })).toEqual([
      { ok: true, objectC: 37, ambientC: null },
    ]);
  });

  it('takes its format from configuration', async () => {
    const format = { pattern: '^OBJ:(?<object>[^,]+),AMB:(?<ambient>[^,]+)$', unit: 'C' as const };
    expect(await parse(['OBJ:36.9,AMB:18\n'], { format, lineEnding: 'LF' })).toEqual([{ ok: true, objectC: 36.9, ambientC: 18 }]);
    expect(await parse(['OBJ:NaN,AMB:18\n'], { format, lineEnding: 'LF' })).toEqual([
      { ok: false, reason: 'object temperature is not a number: "NaN"', fault: true },
    ]);
    expect(await parse(['OBJ:36.9,AMB:999\n'], { format, lineEnding: 'LF' })).toEqual([
      { ok: false, reason: 'ambient temperature is not plausible: "999"' },
    ]);
  });

  it('refuses readings that are not a person', async () => {
    expect(await parse(['T=12.0C\r\nT=46.2C\r\n'])).toEqual([
      { ok: false, reason: 'object temperature 12 °C is not a person (expected 20–45 °C)' },
      { ok: false, reason: 'object temperature 46.2 °C is not a person (expected 20–45 °C)' },
    ]);
  });

  it('calls −40 and 80 a sensor fault, not a reading', async () => {
    expect(await parse(['T=-40.0C\r\nT=80.0C\r\n'])).toEqual([
      { ok: false, reason: 'thermometer reports -40 °C: a sensor fault, not a reading', fault: true },
      { ok: false, reason: 'thermometer reports 80 °C: a sensor fault, not a reading', fault: true },
    ]);
  });

  it('refuses lines in another layout', async () => {
    expect(await parse(['HELLO\r\n'])).toEqual([{ ok: false, reason: 'reading not in the configured format: "HELLO"' }]);
  });

  it('passes line-level rejections through and refuses a partial line at the end', async () => {
    expect(await parse([Buffer.from([0xff, 0x0d, 0x0a]), 'T=36.6C'])).toEqual([
      { ok: false, reason: 'line is not valid UTF-8' },
      { ok: false, reason: 'incomplete line: the stream ended before the line terminator' },
    ]);
  });

  it('discards a reading cut off by silence instead of joining it to the next', () => {
    vi.useFakeTimers();
    const parser = new ThermometerGunParser({ format: THERMOMETER_FORMATS['tagged-celsius'], idleMs: 500 });
    const out: GunReading[] = [];
    parser.on('data', (reading: GunReading) => out.push(reading));
    parser.write(Buffer.from('T=3'));
    vi.advanceTimersByTime(500);
    parser.write(Buffer.from('T=36.6C\r\n'));
    expect(out).toEqual([
      { ok: false, reason: 'partial line (3 bytes) followed by 500 ms of silence discarded' },
      { ok: true, objectC: 36.6, ambientC: null },
    ]);
    parser.destroy();
    vi.useRealTimers();
  });

  it('validates its format', () => {
    expect(() => new ThermometerGunParser({ format: { pattern: '(', unit: 'C' } })).toThrow(/not a valid regular expression/);
    expect(() => new ThermometerGunParser({ format: { pattern: '^(\\d+)$', unit: 'C' } })).toThrow(/named group "object"/);
    expect(() => new ThermometerGunParser({ format: { pattern: '^(?<object>.+)$', unit: 'K' as never } })).toThrow(TypeError);
    expect(() => new ThermometerGunParser(undefined as never)).toThrow(TypeError);
  });
});
