import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRegisterRead, encodeRegisterRead, MLX90614_ADDRESS, rawFromCelsius, smbusPec } from './mlx90614.ts';

describe('MLX90614 register encoding', () => {
  it('matches the datasheet example: object register of 0x5A reads D2 3A with PEC 30', () => {
    expect(smbusPec([0xb4, 0x07, 0xb5, 0xd2, 0x3a])).toBe(0x30);
    expect(encodeRegisterRead(0x5a, 0x07, 0x3ad2)).toEqual([0xd2, 0x3a, 0x30]);
  });

  it('decodes 0.02 K units to °C', () => {
    expect(decodeRegisterRead(MLX90614_ADDRESS, 0x07, encodeRegisterRead(MLX90614_ADDRESS, 0x07, rawFromCelsius(36.6)))).toEqual({
      ok: true,
      celsius: 36.61,
    });
    expect(rawFromCelsius(-273.15)).toBe(0);
  });

  it('refuses a wrong checksum, the error flag and a short answer with a reason', () => {
    const [low, high, pec] = encodeRegisterRead(MLX90614_ADDRESS, 0x06, rawFromCelsius(20));
    expect(decodeRegisterRead(MLX90614_ADDRESS, 0x06, [low, high, pec ^ 1])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/PEC/),
    });
    expect(decodeRegisterRead(MLX90614_ADDRESS, 0x06, encodeRegisterRead(MLX90614_ADDRESS, 0x06, 0x8000 | 123))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/error flag/),
    });
    expect(decodeRegisterRead(MLX90614_ADDRESS, 0x06, [low!])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/expected 3 bytes/),
    });
  });

  it('random bytes never throw and either decode to a finite value or give a reason', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }),
        fc.constantFrom(0x06, 0x07),
        (bytes, register) => {
          const decoded = decodeRegisterRead(MLX90614_ADDRESS, register, bytes);
          if (decoded.ok) expect(Number.isFinite(decoded.celsius)).toBe(true);
          else expect(decoded.reason.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('round-trips every representable temperature within one unit', () => {
    fc.assert(
      fc.property(fc.double({ min: -70, max: 380, noNaN: true }), (celsius) => {
        const decoded = decodeRegisterRead(
          MLX90614_ADDRESS,
          0x07,
          encodeRegisterRead(MLX90614_ADDRESS, 0x07, rawFromCelsius(celsius)),
        );
        expect(decoded.ok && Math.abs(decoded.celsius - celsius) <= 0.02).toBe(true);
      }),
    );
  });
});
