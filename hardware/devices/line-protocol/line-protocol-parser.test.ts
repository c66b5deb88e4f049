import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineProtocolParser, type LineRefusal } from './line-protocol-parser.ts';

afterEach(() => vi.useRealTimers());

/** A protocol of whole numbers, one per line. */
class NumberLines extends LineProtocolParser<{ ok: true; n: number }> {
  protected interpret(text: string): { ok: true; n: number } | LineRefusal {
    const n = Number(text);
    return Number.isInteger(n) ? { ok: true, n } : { ok: false, reason: `not a whole number: ${text}` };
  }
}

function collect(parser: NumberLines): unknown[] {
  const out: unknown[] = [];
  parser.on('data', (item: unknown) => out.push(item));
  return out;
}

describe('LineProtocolParser', () => {
  it("maps each good line through the protocol's interpret and passes the splitter's refusals on unchanged", async () => {
    const parser = new NumberLines({ maxLineBytes: 4 });
    const out = collect(parser);
    const ended = new Promise((resolve) => parser.on('end', resolve));
    parser.end(Buffer.from('12\r\nx\r\n123456\r\n7'));
    await ended;
    expect(out).toEqual([
      { ok: true, n: 12 },
      { ok: false, reason: 'not a whole number: x' },
      { ok: false, reason: 'line longer than 4 bytes discarded' },
      { ok: false, reason: 'incomplete line: the stream ended before the line terminator' },
    ]);
  });

  it('discards a line left unfinished by silence, and the next line reads on its own', () => {
    vi.useFakeTimers();
    const parser = new NumberLines({ maxLineBytes: 16, lineEnding: 'LF', idleMs: 200 });
    const out = collect(parser);
    parser.write(Buffer.from('4'));
    vi.advanceTimersByTime(199);
    expect(out).toEqual([]);
    vi.advanceTimersByTime(1);
    parser.write(Buffer.from('2\n'));
    expect(out).toEqual([
      { ok: false, reason: 'partial line (1 bytes) followed by 200 ms of silence discarded' },
      { ok: true, n: 2 },
    ]);
    parser.destroy();
  });
});
