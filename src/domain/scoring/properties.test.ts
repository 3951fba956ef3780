/**
 * Property tests over random evaluations of the built-in tree and of a body version with a metric item
 * and proportional staffing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishedBuiltin } from '../schemes/builtin.test-support.ts';
import type { PublishedSchemeVersion } from '../schemes/publish.ts';
import { schemeIndexOf } from '../schemes/tree.ts';
import type { EvaluationDocument, ItemResult, SampleRecord } from './evaluation-input.ts';
import { bodyVersionWithMetric } from './evaluation.test-support.ts';
import { scoreEvaluation } from './score-evaluation.ts';

const schemes: PublishedSchemeVersion[] = [publishedBuiltin(), bodyVersionWithMetric()];

/** Random evaluation (without exclusions) for a scheme. */
function evaluationArb(scheme: PublishedSchemeVersion): fc.Arbitrary<EvaluationDocument> {
  const leaves = schemeIndexOf(scheme.package).nodes.filter((e) => e.isLeaf);
  const results = leaves.map((e): fc.Arbitrary<ItemResult> => {
    const node = e.node.code;
    const m = e.method!;
    const sources = e.node.techniques!.filter((t) => t !== 'documentReview');
    switch (m.kind) {
      case 'qualitative':
        return fc.boolean().map((conforms) => ({ node, method: 'qualitative', conforms }));
      case 'sampled':
        return fc
          .array(
            fc
              .record({
                source: fc.constantFrom(...sources),
                checked: fc.integer({ min: 0, max: 40 }),
                share: fc.double({ min: 0, max: 1, noNaN: true }),
              })
              .map((s): SampleRecord => ({
                source: s.source,
                checked: s.checked,
                conforming: Math.floor(s.checked * s.share),
              })),
            { minLength: 1, maxLength: 3 },
          )
          .filter((ss) => ss.some((s) => s.checked > 0))
          .map((samples) => ({ node, method: 'sampled', samples }));
      case 'metric':
        return fc.integer({ min: 0, max: 1000 }).map((v) => ({ node, method: 'metric', value: v / 10 }));
      case 'staffing':
        return fc
          .record({ staff: fc.integer({ min: 0, max: 300 }), managers: fc.integer({ min: 0, max: 40 }) })
          .map(({ staff, managers }) => ({
            node,
            method: 'staffing',
            serviceManagementStaff: staff,
            certifiedManagers: managers,
          }));
    }
  });
  return fc
    .record({
      results: fc.tuple(...results),
      deductions: fc.integer({ min: 0, max: 6 }),
      bonus: fc.boolean(),
    })
    .map(({ results: rs, deductions, bonus }) => ({
      scheme: { urn: scheme.package.urn, version: scheme.package.version },
      results: rs,
      specialDeductions: Array.from({ length: deductions }, (_, i) => ({
        category: 'ownRules',
        finding: `F-${i}`,
      })),
      specialBonuses: bonus ? [{ justification: 'leading' }] : [],
    }));
}

const withScheme = fc
  .constantFrom(...schemes)
  .chain((scheme) => evaluationArb(scheme).map((doc) => ({ scheme, doc })));

/** Replaces one item's result by a "better" one; null if it cannot improve. */
function improve(r: ItemResult, pick: number): ItemResult | null {
  switch (r.method) {
    case 'qualitative':
      return r.conforms ? null : { ...r, conforms: true };
    case 'sampled': {
      const i = r.samples.findIndex((s, k) => k >= pick % r.samples.length && s.conforming < s.checked);
      const j = i >= 0 ? i : r.samples.findIndex((s) => s.conforming < s.checked);
      if (j < 0) return null;
      return {
        ...r,
        samples: r.samples.map((s, k) => (k === j ? { ...s, conforming: s.conforming + 1 } : s)),
      };
    }
    case 'metric':
      return r.value >= 100 ? null : { ...r, value: Math.min(100, r.value + 1 + (pick % 15)) };
    case 'staffing':
      return { ...r, certifiedManagers: r.certifiedManagers + 1 + (pick % 5) };
  }
}

describe('scoring properties', () => {
  it('every item score lies within [0, 100] and achieved never exceeds applicable', () => {
    fc.assert(
      fc.property(withScheme, ({ scheme, doc }) => {
        const r = scoreEvaluation(scheme, doc);
        for (const n of r.trace.nodes) {
          if (n.itemScore !== null) {
            expect(n.itemScore).toBeGreaterThanOrEqual(0);
            expect(n.itemScore).toBeLessThanOrEqual(100);
          }
          if (n.achievedPoints !== null)
            expect(n.achievedPoints).toBeLessThanOrEqual(n.applicablePoints + 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('excluding a node never changes how the other nodes score', () => {
    fc.assert(
      fc.property(withScheme, fc.nat(), ({ scheme, doc }, pick) => {
        const idx = schemeIndexOf(scheme.package);
        const excludable = idx.nodes.filter((e) => e.node.excludable);
        const target = excludable[pick % excludable.length]!;
        const inSubtree = new Set(idx.nodes.slice(target.index, target.end).map((e) => e.node.code));
        const excludedDoc: EvaluationDocument = {
          ...doc,
          exclusions: [{ node: target.node.code, justification: 'not applicable' }],
          results: doc.results.filter((r) => !inSubtree.has(r.node)),
        };
        const a = scoreEvaluation(scheme, doc);
        const b = scoreEvaluation(scheme, excludedDoc);
        const ancestors = new Set<string>();
        for (let p = target.parent; p >= 0; p = idx.nodes[p]!.parent) ancestors.add(idx.nodes[p]!.node.code);
        a.trace.nodes.forEach((na, i) => {
          const nb = b.trace.nodes[i]!;
          if (inSubtree.has(na.code)) {
            expect(nb.status).toBe('excluded');
            expect(nb.applicablePoints).toBe(0);
          } else if (!ancestors.has(na.code)) {
            expect(nb.achievedPoints).toBe(na.achievedPoints);
            expect(nb.itemScore).toBe(na.itemScore);
            expect(nb.applicablePoints).toBe(na.applicablePoints);
          }
        });
        expect(b.totals.applicablePoints).toBe(a.totals.applicablePoints - target.node.points);
      }),
      { numRuns: 150 },
    );
  });

  it('more conforming samples never lower the score', () => {
    fc.assert(
      fc.property(withScheme, fc.nat(), ({ scheme, doc }, pick) => {
        const sampled = doc.results.filter((r) => r.method === 'sampled');
        const target = sampled[pick % sampled.length]!;
        const better = improve(target, pick);
        fc.pre(better !== null);
        const a = scoreEvaluation(scheme, doc);
        const b = scoreEvaluation(scheme, {
          ...doc,
          results: doc.results.map((r) => (r === target ? better! : r)),
        });
        expect(b.totals.unroundedScore!).toBeGreaterThanOrEqual(a.totals.unroundedScore!);
        expect(b.totals.score!).toBeGreaterThanOrEqual(a.totals.score!);
        const code = target.node;
        const ia = a.trace.nodes.find((n) => n.code === code)!;
        const ib = b.trace.nodes.find((n) => n.code === code)!;
        expect(ib.achievedPoints!).toBeGreaterThanOrEqual(ia.achievedPoints!);
      }),
      { numRuns: 200 },
    );
  });

  it('the score is monotone in every item (a better result never lowers the score or the level)', () => {
    fc.assert(
      fc.property(withScheme, fc.nat(), ({ scheme, doc }, pick) => {
        const target = doc.results[pick % doc.results.length]!;
        const better = improve(target, pick);
        fc.pre(better !== null);
        const a = scoreEvaluation(scheme, doc);
        const b = scoreEvaluation(scheme, {
          ...doc,
          results: doc.results.map((r) => (r === target ? better! : r)),
        });
        expect(b.totals.unroundedScore!).toBeGreaterThanOrEqual(a.totals.unroundedScore!);
        expect(b.totals.score!).toBeGreaterThanOrEqual(a.totals.score!);
        const levels = scheme.package.policies.grading.levels.map((l) => l.id);
        const rank = (id: string | undefined) => (id === undefined ? -1 : levels.indexOf(id));
        expect(rank(b.outcome.level?.id)).toBeGreaterThanOrEqual(rank(a.outcome.level?.id));
      }),
      { numRuns: 300 },
    );
  });

  it('special deductions and the bonus move the score by exactly their points', () => {
    fc.assert(
      fc.property(withScheme, ({ scheme, doc }) => {
        const plain = scoreEvaluation(scheme, { ...doc, specialDeductions: [], specialBonuses: [] });
        const r = scoreEvaluation(scheme, doc);
        const delta = (doc.specialBonuses?.length ?? 0) - (doc.specialDeductions?.length ?? 0);
        expect(r.totals.unroundedScore! - plain.totals.unroundedScore!).toBeCloseTo(delta, 9);
        expect(r.outcome.passed).toBe((doc.specialDeductions?.length ?? 0) < 5 && r.totals.score! >= 70);
      }),
      { numRuns: 100 },
    );
  });
});
