/**
 * Exact arithmetic for scheme numbers (points, ratios, fractions such as "1/3").
 *
 * Decimal values from a package are converted with decimal.js into exact fractions; sums, products and
 * quotients are then exact rationals over BigInt, so that 79.95 is 79.95 and never 79.94999…, and
 * rounding happens once, where a policy says so. Square roots for sample sizes are rounded exactly too
 * (⌈0.6·√25⌉ = 3, whereas 0.6 * Math.sqrt(25) in floating point gives 3.0000000000000004 → 4).
 */
import Decimal from 'decimal.js';
import { DomainError } from '../errors.ts';

/** A decimal number, or a fraction written "a/b" (e.g. "1/3"), as used in scheme policies. */
export type ExactNumber = number | string;

export const ROUNDING_MODES = ['halfUp', 'halfEven', 'halfDown', 'up', 'down', 'ceil', 'floor'] as const;
/** halfUp/halfDown/halfEven break ties away from / towards zero / to even; up/down are away from / towards zero. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const HighPrecision = Decimal.clone({ precision: 40 });

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

const FRACTION_PATTERN = /^\s*(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/;

export class Rational {
  /** Numerator; carries the sign. */
  readonly n: bigint;
  /** Denominator; always > 0, coprime with `n`. */
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  static of(n: bigint, d: bigint = 1n): Rational {
    if (d === 0n) throw new DomainError('division_by_zero', 'Division by zero in exact arithmetic');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    return g > 1n ? new Rational(n / g, d / g) : new Rational(n, d);
  }

  static int(value: number | bigint): Rational {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new DomainError('not_an_integer', `Expected an integer, got ${value}`);
    }
    return new Rational(BigInt(value), 1n);
  }

  /** Parses a decimal number (exactly as written, e.g. 0.1 → 1/10) or an "a/b" fraction string. */
  static from(value: ExactNumber | Decimal): Rational {
    if (typeof value === 'string') {
      const m = FRACTION_PATTERN.exec(value);
      if (m) return Rational.from(m[1] as string).div(Rational.from(m[2] as string));
    }
    let dec: Decimal;
    try {
      dec = value instanceof Decimal ? value : new Decimal(value);
    } catch {
      throw new DomainError('invalid_number', `Not a number: ${String(value)}`);
    }
    if (!dec.isFinite()) throw new DomainError('invalid_number', `Not a finite number: ${String(value)}`);
    const [num, den] = dec.toFraction() as [Decimal, Decimal];
    return Rational.of(BigInt(num.toFixed(0)), BigInt(den.toFixed(0)));
  }

  add(o: Rational): Rational {
    if (this.d === o.d) return Rational.of(this.n + o.n, this.d);
    return Rational.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Rational): Rational {
    return this.add(o.neg());
  }
  mul(o: Rational): Rational {
    return Rational.of(this.n * o.n, this.d * o.d);
  }
  div(o: Rational): Rational {
    if (o.n === 0n) throw new DomainError('division_by_zero', 'Division by zero in exact arithmetic');
    return Rational.of(this.n * o.d, this.d * o.n);
  }
  neg(): Rational {
    return new Rational(-this.n, this.d);
  }
  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }
  eq(o: Rational): boolean {
    return this.n === o.n && this.d === o.d;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }
  min(o: Rational): Rational {
    return this.lte(o) ? this : o;
  }
  max(o: Rational): Rational {
    return this.gte(o) ? this : o;
  }
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }
  ceil(): bigint {
    const q = this.n / this.d;
    return this.n > 0n && q * this.d !== this.n ? q + 1n : q;
  }

  /** Rounds to a multiple of `step` (e.g. 0.5 person-days) with the given mode. */
  roundToStep(step: Rational, mode: RoundingMode): Rational {
    if (step.n <= 0n) throw new DomainError('invalid_rounding_step', 'Rounding step must be positive');
    const units = this.div(step);
    return Rational.of(roundIntegerPart(units, mode)).mul(step);
  }

  /** Rounds to `decimals` decimal places with the given mode. */
  round(decimals: number, mode: RoundingMode): Rational {
    return this.roundToStep(Rational.of(1n, 10n ** BigInt(decimals)), mode);
  }

  /** Closest IEEE double, for presentation only. */
  toNumber(): number {
    if (this.d === 1n) return Number(this.n);
    return new HighPrecision(this.n.toString()).div(this.d.toString()).toNumber();
  }

  /** Decimal string with exactly `decimals` places; the value must already be a multiple of 10^-decimals. */
  toFixed(decimals: number): string {
    const scaled = this.mul(Rational.of(10n ** BigInt(decimals)));
    const units = scaled.isInteger() ? scaled.n : roundIntegerPart(scaled, 'halfUp');
    const neg = units < 0n;
    const digits = (neg ? -units : units).toString().padStart(decimals + 1, '0');
    const body = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
    return neg ? `-${body}` : body;
  }

  toString(): string {
    return this.d === 1n ? this.n.toString() : `${this.n}/${this.d}`;
  }
}

/** Rounds a rational to an integer with the given mode. */
export function roundIntegerPart(value: Rational, mode: RoundingMode): bigint {
  const fl = value.floor();
  const frac = value.sub(Rational.of(fl)); // in [0, 1)
  if (frac.isZero()) return fl;
  const negative = value.n < 0n;
  const towardZero = negative ? fl + 1n : fl;
  const awayFromZero = negative ? fl : fl + 1n;
  const half = Rational.of(1n, 2n);
  // distance of |value| beyond the truncated integer
  const beyond = negative ? Rational.ONE.sub(frac) : frac;
  switch (mode) {
    case 'floor':
      return fl;
    case 'ceil':
      return fl + 1n;
    case 'down':
      return towardZero;
    case 'up':
      return awayFromZero;
    case 'halfUp':
      return beyond.gte(half) ? awayFromZero : towardZero;
    case 'halfDown':
      return beyond.gt(half) ? awayFromZero : towardZero;
    case 'halfEven': {
      const c = beyond.cmp(half);
      if (c !== 0) return c > 0 ? awayFromZero : towardZero;
      return towardZero % 2n === 0n ? towardZero : awayFromZero;
    }
  }
}

/** Integer square root: the largest k with k² ≤ n. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new DomainError('invalid_number', 'Square root of a negative number');
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/**
 * Rounds factor × √n to an integer exactly (factor ≥ 0, n ≥ 0). Supports the modes a sample-size rule
 * needs: ceil (the IAF MD 1 rule), floor, halfUp.
 */
export function roundFactorTimesSqrt(factor: Rational, n: number, mode: RoundingMode): number {
  if (factor.n < 0n || n < 0)
    throw new DomainError('invalid_number', 'Sample-size inputs must be non-negative');
  // x² = factor² · n = P / Q
  const P = factor.n * factor.n * BigInt(n);
  const Q = factor.d * factor.d;
  const fl = isqrt(P / Q);
  const exact = fl * fl * Q === P;
  switch (mode) {
    case 'floor':
    case 'down':
      return Number(fl);
    case 'ceil':
    case 'up':
      return Number(exact ? fl : fl + 1n);
    case 'halfUp':
    case 'halfDown':
    case 'halfEven': {
      // Compare x with fl + 1/2: (2·fl + 1)² · Q vs 4P. Irrational x never ties.
      const lhs = (2n * fl + 1n) * (2n * fl + 1n) * Q;
      const rhs = 4n * P;
      if (rhs > lhs) return Number(fl + 1n);
      if (rhs < lhs) return Number(fl);
      if (mode === 'halfUp') return Number(fl + 1n);
      if (mode === 'halfDown') return Number(fl);
      return Number(fl % 2n === 0n ? fl : fl + 1n);
    }
  }
}
