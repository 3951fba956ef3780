import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors.ts';
import {
  AFTER_SALES_TEMPLATE,
  addResponse,
  EMPTY_SUMS,
  fpc,
  meanMargin,
  metricsOf,
  npsMargin,
  parseQuestionnaire,
  quotaAllows,
  responseCsi,
  responseNps,
  sampleSizeForMargin,
  storedSubmittedAt,
  validateAnswers,
  type SurveySums,
} from './index.ts';

const T = parseQuestionnaire(AFTER_SALES_TEMPLATE);
const base = { speed: 4, attitude: 5, competence: 3, quality: 4, complained: 'no', overall: 4, recommend: 9 };
const codes = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).details.issues as { code: string; path: string }[];
  }
  throw new Error('expected a refusal');
};

describe('questionnaire', () => {
  it('accepts the after-sales template with its six themes', () => {
    expect(T.dimensions.map((d) => d.id)).toEqual([
      'speed',
      'attitude',
      'competence',
      'quality',
      'complaints',
    ]);
    expect(T.questions.map((q) => q.id)).toContain('overall');
  });
  it('refuses conditions on later questions, unknown dimensions and duplicates', () => {
    const bad = {
      ...AFTER_SALES_TEMPLATE,
      questions: [
        { id: 'a', kind: 'rating', scale: 5, dimension: 'nope', text: { zh: 'A' } },
        { id: 'a', kind: 'nps', text: { zh: 'B' }, showIf: { question: 'z', anyOf: [1] } },
      ],
    };
    const issues = codes(() => parseQuestionnaire(bad)).map((i) => i.code);
    expect(issues).toEqual(
      expect.arrayContaining([
        'unknown_dimension',
        'duplicate_question',
        'condition_not_earlier',
        'unused_dimension',
      ]),
    );
  });
});

describe('answers', () => {
  it('reads form strings, drops hidden questions and requires shown ones', () => {
    const a = validateAnswers(T, { ...base, speed: '4', complaints: '1', channel: ['store', 'phone'] });
    expect(a.speed).toBe(4);
    expect(a.complaints).toBeUndefined(); // hidden: no complaint made
    expect(a.channel).toEqual(['phone', 'store']);
    const issues = codes(() => validateAnswers(T, { ...base, complained: 'yes' }));
    expect(issues).toEqual([expect.objectContaining({ code: 'answer_required', path: 'complaints' })]);
  });
  it('refuses out-of-range and unknown values', () => {
    const issues = codes(() =>
      validateAnswers(T, { ...base, speed: 6, recommend: '11', complained: 'maybe' }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['complained', 'recommend', 'speed']);
  });
});

describe('CSI and NPS of a response (hand-computed)', () => {
  it('weights the dimensions answered', () => {
    // 75, 100, 50, 75 with weights .2 .2 .2 .25 → 63.75 ÷ 0.85 = 75
    expect(responseCsi(T, validateAnswers(T, base))).toBeCloseTo(75, 10);
    // complaint handled at 1 (0 points, weight .15): 63.75 ÷ 1.0
    expect(responseCsi(T, validateAnswers(T, { ...base, complained: 'yes', complaints: 1 }))).toBeCloseTo(
      63.75,
      10,
    );
    expect(responseNps(T, validateAnswers(T, base))).toBe(9);
  });
});

describe('metric formulas (hand-computed)', () => {
  it('finite-population correction', () => {
    expect(fpc(30, 100)).toBeCloseTo(Math.sqrt(70 / 99), 12);
    expect(fpc(30, null)).toBe(1);
    expect(fpc(100, 100)).toBe(0);
  });
  it('margin of a mean: 1.96 × 10 ÷ 5 ≈ 3.92', () => {
    expect(meanMargin(25, 10, null)).toBeCloseTo(3.919928, 5);
    expect(meanMargin(1, 10, null)).toBeNull();
  });
  it('margin of NPS: 50 % promoters, 20 % detractors of 100 → 15.31 points', () => {
    expect(npsMargin(100, 50, 20, null)).toBeCloseTo(15.3078, 3);
  });
  it('sample size for ±5 points with sd 25: 97, or 66 out of 200 customers', () => {
    expect(sampleSizeForMargin(5, 25, null)).toBe(97);
    expect(sampleSizeForMargin(5, 25, 200)).toBe(66);
  });
  it('metrics of three responses: CSI 75 ± 28.29, NPS 0, low sample', () => {
    let s: SurveySums = EMPTY_SUMS;
    s = addResponse(s, 75, 10);
    s = addResponse(s, 100, 8);
    s = addResponse(s, 50, 3);
    const m = metricsOf(s, { quota: 10, population: null, minResponses: 30, targetMargin: 5 });
    expect(m.csi).toBeCloseTo(75, 10);
    expect(m.csiSd).toBeCloseTo(25, 10);
    expect(m.csiMargin).toBeCloseTo((1.959964 * 25) / Math.sqrt(3), 4);
    expect(m.nps).toBe(0);
    expect([m.promoters, m.passives, m.detractors]).toEqual([1, 1, 1]);
    expect(m.remaining).toBe(7);
    expect(m.lowSample).toBe(true);
  });
  it('quota caps only when asked', () => {
    expect(quotaAllows(10, 10, true)).toBe(false);
    expect(quotaAllows(10, 10, false)).toBe(true);
    expect(quotaAllows(9, 10, true)).toBe(true);
  });
  it('anonymous timestamps keep only the day', () => {
    expect(storedSubmittedAt('anonymous', '2026-11-30T05:12:13.456Z')).toBe('2026-11-30T00:00:00.000Z');
    expect(storedSubmittedAt('identified', '2026-11-30T05:12:13.456Z')).toBe('2026-11-30T05:12:13.456Z');
  });
});

describe('properties', () => {
  const rating = fc.integer({ min: 1, max: 5 });
  const answers = fc.record({
    speed: rating,
    attitude: rating,
    competence: rating,
    quality: rating,
    complained: fc.constantFrom('yes', 'no'),
    complaints: rating,
    overall: rating,
    recommend: fc.integer({ min: 0, max: 10 }),
  });
  it('a response CSI lies in [0, 100] and is 100 only when every dimension is top-rated', () => {
    fc.assert(
      fc.property(answers, (raw) => {
        const a = validateAnswers(T, raw);
        const csi = responseCsi(T, a)!;
        expect(csi).toBeGreaterThanOrEqual(0);
        expect(csi).toBeLessThanOrEqual(100 + 1e-9);
      }),
    );
  });
  it('the sample size for a margin achieves it, and the margin shrinks with the FPC', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.option(fc.integer({ min: 50, max: 100000 }), { nil: null }),
        (margin, sd, population) => {
          const n = sampleSizeForMargin(margin, sd, population);
          if (n >= 2) expect(meanMargin(n, sd, population)!).toBeLessThanOrEqual(margin + 1e-9);
          if (population !== null && n >= 2 && n < population)
            expect(meanMargin(n, sd, population)!).toBeLessThanOrEqual(meanMargin(n, sd, null)!);
        },
      ),
    );
  });
  it('NPS lies in [−100, 100] and its margin is non-negative', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 200 }), (scores) => {
        let s = EMPTY_SUMS;
        for (const x of scores) s = addResponse(s, null, x);
        const m = metricsOf(s, { quota: null, population: null, minResponses: 30, targetMargin: 5 });
        expect(m.nps!).toBeGreaterThanOrEqual(-100);
        expect(m.nps!).toBeLessThanOrEqual(100);
        expect(m.npsMargin!).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
