import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScannerLineParser, type ScannerLine, type ScannerLineParserOptions } from './scanner-line-parser.ts';

afterEach(() => vi.useRealTimers());

async function parse(chunks: (string | Uint8Array)[], options?: ScannerLineParserOptions): Promise<ScannerLine[]> {
  const parser = new ScannerLineParser(options);
  const out: ScannerLine[] = [];
  parser.on('data', (line: ScannerLine) => out.push(line));
  const ended = new Promise((resolve) => parser.on('end', resolve));
  for (const chunk of chunks) parser.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  parser.end();
  await ended;
  return out;
}

describe('ScannerLineParser', () => {
  it('splits CRLF lines, also when the terminator is split across chunks', async () => {
    expect(await parse(['V-ABCD\r', '\nHELLO\r\n'])).toEqual([
      { ok: true, text: 'V-ABCD' },
      { ok: true, text: 'HELLO' },
    ]);
  });

  it('honours CR and LF line endings', async () => {
    expect(await parse(['one\rtwo\r'], { lineEnding: 'CR' })).toEqual([
      { ok: true, text: 'one' },
      { ok: true, text: 'two' },
    ]);
    expect(await parse(['one\ntwo\n'], { lineEnding: 'LF' })).toEqual([
      { ok: true, text: 'one' },
      { ok: true, text: 'two' },
    ]);
  });

  it('reports a CR where LF was configured instead of passing it on', async () => {
    const [line] = await parse(['abc\r\n'], { lineEnding: 'LF' });
    expect(line).toEqual({ ok: false, reason: 'line contains control character U+000D at position 3' });
  });

  it('discards an over-long line once and resyncs at the next terminator', async () => {
    const long = 'x'.repeat(600);
    expect(await parse([long.slice(0, 300), long.slice(300), '\r\nnext\r\n'])).toEqual([
      { ok: false, reason: 'line longer than 512 bytes discarded' },
      { ok: true, text: 'next' },
    ]);
  });

  it('accepts a line of exactly the maximum length', async () => {
    const exact = 'y'.repeat(16);
    expect(await parse([`${exact}\r\n`], { maxLineBytes: 16 })).toEqual([{ ok: true, text: exact }]);
    expect(await parse([`${exact}z\r\n`], { maxLineBytes: 16 })).toEqual([
      { ok: false, reason: 'line longer than 16 bytes discarded' },
    ]);
  });

  it('rejects invalid UTF-8 with a reason and keeps going', async () => {
    const bad = Buffer.concat([Buffer.from('ab'), Buffer.from([0xc3, 0x28]), Buffer.from('\r\nok\r\n')]);
    expect(await parse([bad])).toEqual([
      { ok: false, reason: 'line is not valid UTF-8' },
      { ok: true, text: 'ok' },
    ]);
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('访客\r\n');
    expect(await parse([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([{ ok: true, text: '访客' }]);
  });

  it('rejects control characters with their code point', async () => {
    expect(await parse(['a\u0007b\r\n', 'c\td\r\n'])).toEqual([
      { ok: false, reason: 'line contains control character U+0007 at position 1' },
      { ok: false, reason: 'line contains control character U+0009 at position 1' },
    ]);
  });

  it('strips a configured prefix and suffix when present', async () => {
    expect(await parse([']Q1V-ABCD#\r\nV-EFGH\r\n'], { prefix: ']Q1', suffix: '#' })).toEqual([
      { ok: true, text: 'V-ABCD' },
      { ok: true, text: 'V-EFGH' },
    ]);
    expect(await parse([']Q1\r\n'], { prefix: ']Q1' })).toEqual([
      { ok: false, reason: 'line is empty once prefix and suffix are removed' },
    ]);
  });

  it('skips blank lines', async () => {
    expect(await parse(['\r\n\r\nA\r\n'])).toEqual([{ ok: true, text: 'A' }]);
  });

  it('refuses a partial line left at the end of the stream', async () => {
    expect(await parse(['V-ABCD\r\n1101051949'])).toEqual([
      { ok: true, text: 'V-ABCD' },
      { ok: false, reason: 'incomplete line: the stream ended before the line terminator' },
    ]);
  });

  it('discards a partial line followed by silence, so it cannot join the next scan', () => {
    vi.useFakeTimers();
    const parser = new ScannerLineParser({ idleMs: 1000 });
    const out: ScannerLine[] = [];
    parser.on('data', (line: ScannerLine) => out.push(line));
    parser.write(Buffer.from('1101051949'));
    vi.advanceTimersByTime(999);
    parser.write(Buffer.from('1231'));
    vi.advanceTimersByTime(999);
    expect(out).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(out).toEqual([{ ok: false, reason: 'partial line (14 bytes) followed by 1000 ms of silence discarded' }]);
    parser.write(Buffer.from('V-NEXT\r\n'));
    expect(out[1]).toEqual({ ok: true, text: 'V-NEXT' });
    vi.advanceTimersByTime(5000);
    expect(out).toHaveLength(2);
    parser.destroy();
  });

  it('keeps a partial line without a silence limit when told so', () => {
    vi.useFakeTimers();
    const parser = new ScannerLineParser({ idleMs: null });
    const out: ScannerLine[] = [];
    parser.on('data', (line: ScannerLine) => out.push(line));
    parser.write(Buffer.from('V-SL'));
    vi.advanceTimersByTime(60_000);
    parser.write(Buffer.from('OW\r\n'));
    expect(out).toEqual([{ ok: true, text: 'V-SLOW' }]);
  });

  it('validates its options', () => {
    expect(() => new ScannerLineParser({ idleMs: 0 })).toThrow(/idleMs/);
    expect(() => new ScannerLineParser({ lineEnding: 'NUL' as never })).toThrow(TypeError);
    expect(() => new ScannerLineParser({ maxLineBytes: 0 })).toThrow(/maxLineBytes/);
    expect(() => new ScannerLineParser({ prefix: 5 as never })).toThrow(/prefix must be a string/);
  });
});
