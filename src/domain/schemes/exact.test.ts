import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational, roundFactorTimesSqrt } from './exact.ts';

describe('Rational', () => {
  it('reads decimals exactly and fractions written "a/b"', () => {
    expect(Rational.from(0.1).toString()).toBe('1/10');
    expect(Rational.from('1/3').toString()).toBe('1/3');
    expect(Rational.from('2/3').add(Rational.from('1/3')).toString()).toBe('1');
    expect(Rational.from(0.1).mul(Rational.int(30)).toString()).toBe('3'); // 0.1 * 30 = 3.0000000000000004 in floating point
  });

  it('rounds half up at 79.95, 94.95, 69.95 and 89.95', () => {
    for (const [v, want] of [
      ['79.95', '80.0'],
      ['94.95', '95.0'],
      ['69.95', '70.0'],
      ['89.95', '90.0'],
      ['79.94', '79.9'],
    ] as const) {
      expect(Rational.from(v).round(1, 'halfUp').toFixed(1)).toBe(want);
    }
    // a sum that floating point gets wrong: 3 × (1/3 of 2.65) ... built as exact thirds
    const third = Rational.from('79.95').div(Rational.int(3));
    expect(third.add(third).add(third).round(1, 'halfUp').toFixed(1)).toBe('80.0');
  });

  it('rounds like decimal.js for every mode', () => {
    const modes = {
      halfUp: Decimal.ROUND_HALF_UP,
      halfDown: Decimal.ROUND_HALF_DOWN,
      halfEven: Decimal.ROUND_HALF_EVEN,
      up: Decimal.ROUND_UP,
      down: Decimal.ROUND_DOWN,
      ceil: Decimal.ROUND_CEIL,
      floor: Decimal.ROUND_FLOOR,
    } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(...(Object.keys(modes) as (keyof typeof modes)[])),
        (units, dp, mode) => {
          const value = new Decimal(units).div(10_000);
          const mine = Rational.from(value.toString()).round(dp, mode).toFixed(dp);
          expect(mine).toBe(value.toDecimalPlaces(dp, modes[mode]).toFixed(dp));
        },
      ),
    );
  });

  it('rounds to half steps', () => {
    expect(Rational.from('5.3').roundToStep(Rational.from(0.5), 'halfUp').toString()).toBe('11/2');
    expect(Rational.from('5.2').roundToStep(Rational.from(0.5), 'halfUp').toString()).toBe('5');
    expect(Rational.from('5.25').roundToStep(Rational.from(0.5), 'halfUp').toString()).toBe('11/2');
  });
});

describe('roundFactorTimesSqrt', () => {
  it('is exact on perfect squares', () => {
    expect(roundFactorTimesSqrt(Rational.from(0.6), 25, 'ceil')).toBe(3); // 0.6 * Math.sqrt(25) = 3.0000000000000004
    expect(roundFactorTimesSqrt(Rational.from(0.8), 25, 'ceil')).toBe(4);
    expect(roundFactorTimesSqrt(Rational.ONE, 26, 'ceil')).toBe(6);
    expect(roundFactorTimesSqrt(Rational.ONE, 0, 'ceil')).toBe(0);
  });

  it('agrees with a high-precision square root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 20 }), (n, tenths) => {
        const x = new Decimal(n).sqrt().mul(tenths).div(10);
        expect(roundFactorTimesSqrt(Rational.of(BigInt(tenths), 10n), n, 'ceil')).toBe(x.ceil().toNumber());
        expect(roundFactorTimesSqrt(Rational.of(BigInt(tenths), 10n), n, 'floor')).toBe(x.floor().toNumber());
        expect(roundFactorTimesSqrt(Rational.of(BigInt(tenths), 10n), n, 'halfUp')).toBe(
          x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
        );
      }),
    );
  });
});
