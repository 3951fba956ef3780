/**
 * A small seeded pseudo-random generator (sfc32, seeded through cyrb128), so that an outlet sample can be
 * drawn again from its seed. Not for security.
 */
export interface Prng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number;
}

/** cyrb128: hashes a string into four 32-bit seeds. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export const PRNG_NAME = 'sfc32/cyrb128';

export function createPrng(seed: string | number): Prng {
  let [a, b, c, d] = cyrb128(String(seed));
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // discard the first outputs, as the algorithm's authors recommend
  for (let i = 0; i < 15; i++) nextUint32();
  return {
    nextUint32,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32)
        throw new RangeError(`nextInt needs 1 ≤ n ≤ 2^32, got ${n}`);
      const limit = 2 ** 32 - (2 ** 32 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
  };
}

/** Fisher–Yates shuffle of a copy, driven by the PRNG. */
export function shuffled<T>(items: readonly T[], prng: Prng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
