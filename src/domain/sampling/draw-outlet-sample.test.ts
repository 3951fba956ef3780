import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { loadBuiltinPackage } from '../schemes/builtin.test-support.ts';
import type { SamplingPolicy } from '../schemes/package-schema.ts';
import { drawOutletSample, outletSampleSize, type OutletCandidate } from './draw-outlet-sample.ts';
import { createPrng } from './prng.ts';

const policy: SamplingPolicy = loadBuiltinPackage().policies.sampling;

function outlets(n: number): OutletCandidate[] {
  const regions = ['华东', '华南', '华北'];
  return Array.from({ length: n }, (_, i) => ({
    id: `OUT-${String(i + 1).padStart(3, '0')}`,
    region: regions[i % 3]!,
    ownership: i % 4 === 0 ? 'contracted' : 'owned',
    risk: { earlierFindings: i % 7 === 0 ? 2 : 0, complaints: i % 5 === 0 ? 1 : 0, isNew: i % 11 === 0 },
  }));
}

describe('outletSampleSize', () => {
  it('follows ⌈√n⌉ / ⌈0.6·√n⌉ / ⌈0.8·√n⌉ exactly', () => {
    const size = (stage: 'initial' | 'surveillance' | 'recertification', n: number) =>
      outletSampleSize(policy, stage, n).sampleSize;
    expect([1, 2, 4, 10, 25, 26, 100, 2000].map((n) => size('initial', n))).toEqual([
      1, 2, 2, 4, 5, 6, 10, 45,
    ]);
    expect([1, 4, 25, 26, 100].map((n) => size('surveillance', n))).toEqual([1, 2, 3, 4, 6]); // 0.6 × 5 = 3, not 4
    expect([1, 25, 26, 100].map((n) => size('recertification', n))).toEqual([1, 4, 5, 8]);
  });

  it('takes at least one outlet, never more than there are, and none when there are none', () => {
    expect(outletSampleSize(policy, 'surveillance', 1).sampleSize).toBe(1);
    expect(outletSampleSize(policy, 'initial', 0).sampleSize).toBe(0);
    const strict = { ...policy, minimumOutlets: 3 };
    expect(outletSampleSize(strict, 'initial', 2).sampleSize).toBe(2);
    expect(outletSampleSize(strict, 'initial', 4).sampleSize).toBe(3);
  });

  it('records the rule it applied', () => {
    expect(outletSampleSize(policy, 'surveillance', 26).why.en).toBe(
      'surveillance: ceil(3/5 × √26) = 4, at least 1, at most 26 → 4 outlet(s)',
    );
  });
});

describe('drawOutletSample', () => {
  const input = { stage: 'initial' as const, seed: 'contract-2025-017', outlets: outlets(60) };

  it('is reproducible from the seed, whatever the input order', () => {
    const a = drawOutletSample(policy, input);
    const b = drawOutletSample(policy, { ...input, outlets: [...input.outlets].reverse() });
    expect(b).toEqual(a);
    const c = drawOutletSample(policy, { ...input, seed: 'another-seed' });
    expect(c.selections.map((s) => s.outletId)).not.toEqual(a.selections.map((s) => s.outletId));
  });

  it('always evaluates headquarters, outside the sample count', () => {
    const withHq = [
      { id: 'HQ', region: '华东', ownership: 'owned' as const, headquarters: true },
      ...input.outlets,
    ];
    const r = drawOutletSample(policy, { ...input, outlets: withHq });
    expect(r.headquarters).toEqual(['HQ']);
    expect(r.selections[0]).toMatchObject({ outletId: 'HQ', reason: 'headquarters' });
    expect(r.size.population).toBe(60);
    expect(r.selections.filter((s) => s.reason !== 'headquarters')).toHaveLength(8); // ⌈√60⌉ = 8
  });

  it('stratifies by region and ownership, splits random and risk, and says why for each outlet', () => {
    const r = drawOutletSample(policy, input);
    expect(r.size.sampleSize).toBe(8);
    expect(r.strata.map((s) => s.key)).toEqual([
      '华东 / contracted',
      '华东 / owned',
      '华北 / contracted',
      '华北 / owned',
      '华南 / contracted',
      '华南 / owned',
    ]);
    expect(r.strata.every((s) => s.allocated >= 1)).toBe(true); // 8 ≥ 6 strata: every stratum covered
    expect(r.strata.reduce((a, s) => a + s.allocated, 0)).toBe(8);
    expect(r.plannedRandom).toBe(4);
    expect(r.plannedRisk).toBe(4);
    const risk = r.selections.filter((s) => s.reason === 'risk');
    expect(risk).toHaveLength(4);
    // risk picks are ranked by score
    expect(risk.map((s) => s.riskScore)).toEqual([...risk.map((s) => s.riskScore)].sort((x, y) => y - x));
    for (const s of r.selections) {
      expect(s.why.zh.length).toBeGreaterThan(0);
      expect(s.why.en?.length).toBeGreaterThan(0);
    }
    expect(risk[0]!.why.en).toMatch(/^Chosen by risk \(rank 1\): risk score \d+/);
  });

  it('fills with random outlets when too few are risky, and says so', () => {
    const calm = outlets(30).map((o) => ({ ...o, risk: {} }));
    const r = drawOutletSample(policy, { stage: 'initial', seed: 1, outlets: calm });
    expect(r.selections.every((s) => s.reason === 'random')).toBe(true);
    expect(r.selections).toHaveLength(6);
    expect(r.justification.at(-1)!.en).toContain('0 chosen by risk, the other 3 at random');
  });

  it('lets the body choose an all-random sample without strata', () => {
    const r = drawOutletSample(
      { ...policy, randomShare: 1, stratifyBy: [] },
      { stage: 'recertification', seed: 'x', outlets: outlets(49) },
    );
    expect(r.strata).toEqual([
      { key: 'all', region: null, ownership: null, population: 49, allocated: 6, byRisk: 0, atRandom: 6 },
    ]);
  });

  it('refuses duplicate outlet ids, naming the place', () => {
    try {
      drawOutletSample(policy, { stage: 'initial', seed: 1, outlets: [...outlets(3), outlets(1)[0]!] });
      throw new Error('not refused');
    } catch (e) {
      expect(isDomainError(e) && [e.code, e.details.path]).toEqual(['duplicate_outlet_id', 'outlets[3].id']);
    }
  });

  it('never selects an outlet twice, and selects exactly the sample size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom('initial' as const, 'surveillance' as const, 'recertification' as const),
        fc.string(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, stage, seed, share) => {
          const r = drawOutletSample(
            { ...policy, randomShare: Math.round(share * 100) / 100 },
            { stage, seed, outlets: outlets(n) },
          );
          const ids = r.selections.map((s) => s.outletId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toHaveLength(r.size.sampleSize);
          for (const s of r.strata) expect(s.byRisk + s.atRandom).toBe(s.allocated);
          for (const s of r.strata) expect(s.allocated).toBeLessThanOrEqual(s.population);
        },
      ),
    );
  });
});

describe('createPrng', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = createPrng('seed');
    const b = createPrng('seed');
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    const p = createPrng(42);
    for (let i = 0; i < 1000; i++) {
      const v = p.nextInt(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
    }
  });
});
