import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receivedAtBaud } from './uart-framing.ts';

describe('receivedAtBaud', () => {
  it('passes bytes through unchanged at the same baud rate', () => {
    const bytes = Buffer.from('CP1.abc\r\n');
    expect(Buffer.from(receivedAtBaud(bytes, 9600, 9600))).toEqual(bytes);
  });

  it('turns a line sent at 115200 into garbage with no terminator at 9600', () => {
    const received = Buffer.from(receivedAtBaud(Buffer.from('11010519491231002X\r\n'), 115200, 9600));
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(20);
    expect(received.toString('latin1')).not.toContain('110105');
  });

  it('reads a 9600 line at 115200 as many bytes per sent byte, none of them the text', () => {
    const received = Buffer.from(receivedAtBaud(Buffer.from('V-GUEST'), 9600, 115200));
    expect(received.length).toBeGreaterThan(7);
    expect(received.toString('latin1')).not.toContain('GUEST');
  });

  it('never throws and is the identity at equal rates (random bytes and rates)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200),
        fc.constantFrom(1200, 9600, 57600, 115200),
        (bytes, sent, got) => {
          const received = receivedAtBaud(bytes, sent, got);
          if (sent === got) expect(received).toEqual(bytes);
          else expect(received.every((b) => b >= 0 && b <= 255)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
