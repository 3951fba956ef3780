import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainError } from '../errors.ts';
import { loadBuiltinPackage, publishedBuiltin } from '../schemes/builtin.test-support.ts';
import { draftSchemeVersion } from '../schemes/publish.ts';
import {
  evaluationDocumentJsonSchema,
  parseEvaluationDocument,
  type EvaluationDocument,
} from './evaluation-input.ts';
import { bodyVersionWithMetric, conformingDocument, withResult } from './evaluation.test-support.ts';
import { scoreEvaluation } from './score-evaluation.ts';

const scheme = publishedBuiltin();

function refusal(doc: EvaluationDocument, s = scheme): DomainError {
  try {
    scoreEvaluation(s, doc);
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected the evaluation to be refused');
}
const issues = (e: DomainError) =>
  (e.details.issues as { code: string; path: string }[]).map((i) => [i.code, i.path]);

describe('scoreEvaluation: refusals name the place', () => {
  it('refuses an unpublished (draft) scheme version', () => {
    const e = refusal(conformingDocument(), draftSchemeVersion(loadBuiltinPackage()) as never);
    expect(e.code).toBe('scheme_not_published');
    expect(e.details.path).toBe('scheme.version');
  });

  it('refuses a document written for another version or content', () => {
    const doc = conformingDocument();
    expect(issues(refusal({ ...doc, scheme: { ...doc.scheme, version: '0.9.0' } }))).toEqual([
      ['scheme_mismatch', 'scheme.version'],
    ]);
    expect(issues(refusal({ ...doc, scheme: { ...doc.scheme, contentHash: 'other' } }))).toEqual([
      ['scheme_mismatch', 'scheme.contentHash'],
    ]);
    expect(() =>
      scoreEvaluation(scheme, { ...doc, scheme: { ...doc.scheme, contentHash: scheme.contentHash } }),
    ).not.toThrow();
  });

  it('refuses unknown nodes, excluding what may not be excluded, results for excluded items', () => {
    const doc = conformingDocument();
    const e = refusal({
      ...doc,
      exclusions: [
        { node: '5.9', justification: 'x' },
        { node: '5.1.2.2', justification: 'no managers' },
        { node: '5.2.6', justification: 'reseller' },
        { node: 'urn:starmark:scheme:gbt27922:2011:node:5.2.6', justification: 'again' },
      ],
    });
    expect(e.code).toBe('unknown_node');
    expect(e.ruleId).toBe('evaluation.input');
    expect(issues(e)).toEqual([
      ['unknown_node', 'exclusions[0].node'],
      ['node_not_excludable', 'exclusions[1].node'],
      ['exclusion_duplicate', 'exclusions[3].node'],
      ['result_for_excluded_node', 'results[18].node'],
    ]);
    expect(e.message).toContain('exclusions[1].node: Node 5.1.2.2 may not be excluded');
  });

  it('refuses results on an internal node, with the wrong method, or from a technique the item does not allow', () => {
    const doc = conformingDocument();
    const e = refusal({
      ...doc,
      results: [
        ...doc.results.slice(0, 2),
        { node: '5.1', method: 'qualitative', conforms: true },
        { node: '5.1.2.1', method: 'qualitative', conforms: true },
        {
          node: '5.1.1.2',
          method: 'sampled',
          samples: [{ source: 'customerSurvey', checked: 3, conforming: 3 }],
        },
        {
          node: '5.1.1.1',
          method: 'qualitative',
          observations: [{ source: 'mysteryVisit', conforms: true }],
        },
      ],
    });
    expect(issues(e)).toEqual([
      ['result_on_internal_node', 'results[2].node'],
      ['result_method_mismatch', 'results[3].method'],
      ['technique_not_allowed', 'results[4].samples[0].source'],
      ['technique_not_allowed', 'results[5].observations[0].source'],
    ]);
  });

  it('refuses more conforming than checked samples, a duplicate staffing result and contradictory judgements', () => {
    let doc = withResult(conformingDocument(), {
      node: '5.3.2',
      method: 'sampled',
      samples: [
        { source: 'mysteryVisit', checked: 5, conforming: 5 },
        { source: 'customerSurvey', checked: 4, conforming: 6 },
      ],
    });
    doc = withResult(doc, {
      node: '5.1.7',
      method: 'qualitative',
      conforms: true,
      observations: [{ source: 'mysteryVisit', ref: 'MV-1', conforms: false }],
    });
    doc = {
      ...doc,
      results: [
        ...doc.results,
        { node: '5.1.2.2', method: 'staffing', serviceManagementStaff: 1, certifiedManagers: 1 },
      ],
    };
    expect(issues(refusal(doc))).toEqual([
      ['qualitative_conflict', 'results[12].conforms'],
      ['conforming_exceeds_checked', 'results[20].samples[1].conforming'],
      ['duplicate_result', 'results[21].node'],
    ]);
  });

  it('refuses a second special bonus and an unknown deduction category', () => {
    const doc: EvaluationDocument = {
      ...conformingDocument(),
      specialDeductions: [{ category: 'weather', finding: 'F-1' }],
      specialBonuses: [{ justification: 'a' }, { justification: 'b' }],
    };
    const e = refusal(doc);
    expect(issues(e)).toEqual([
      ['unknown_special_deduction_category', 'specialDeductions[0].category'],
      ['special_bonus_limit', 'specialBonuses[1]'],
    ]);
  });

  it('refuses a metric value outside its range', () => {
    const body = bodyVersionWithMetric();
    const doc = withResult(conformingDocument(body), { node: '5.3.1', method: 'metric', value: 865 });
    expect(issues(refusal(doc, body))).toEqual([['metric_value_out_of_range', 'results[19].value']]);
  });

  it('exports the evaluation document format as JSON Schema', () => {
    const schema = evaluationDocumentJsonSchema() as { $ref: string; $defs: Record<string, unknown> };
    expect(schema.$ref).toBe('#/$defs/EvaluationDocument');
    expect(Object.keys(schema.$defs)).toContain('ItemResult');
  });

  it('parseEvaluationDocument names the bad fields', () => {
    try {
      parseEvaluationDocument({ scheme: { urn: 'nope' }, results: [{ node: '5.1.1.1', method: 'magic' }] });
      throw new Error('not refused');
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe('evaluation_invalid');
      const paths = ((e as DomainError).details.issues as { path: string }[]).map((i) => i.path);
      expect(paths).toEqual(['scheme.urn', 'scheme.version', 'results[0].method']);
    }
  });
});

describe('scoreEvaluation: rules and trace', () => {
  it('gives every node its maximum, applicable and achieved points, and every lost point its rule and evidence', () => {
    let doc = withResult(conformingDocument(), {
      node: '5.1.7',
      method: 'qualitative',
      observations: [
        { source: 'onSiteOutlet', ref: 'OUT-1', conforms: true },
        { source: 'mysteryVisit', ref: 'MV-7', conforms: false, evidence: ['photo-77'] },
      ],
    });
    doc = { ...doc, exclusions: [{ node: '5.2.6', justification: 'reseller', approvedBy: 'lead' }] };
    doc = { ...doc, results: doc.results.filter((r) => r.node !== '5.2.6') };
    const r = scoreEvaluation(scheme, doc);
    expect(r.trace.nodes).toHaveLength(30); // root + 3 + 15 + 11
    const root = r.trace.nodes[0]!;
    expect(root).toMatchObject({
      code: '5',
      maxPoints: 100,
      applicablePoints: 96,
      achievedPoints: 93,
      status: 'scored',
    });
    expect(r.trace.nodes.find((n) => n.code === '5.2')).toMatchObject({
      maxPoints: 35,
      applicablePoints: 31,
      achievedPoints: 31,
    });
    expect(r.trace.nodes.find((n) => n.code === '5.2.6')).toMatchObject({
      status: 'excluded',
      applicablePoints: 0,
      achievedPoints: null,
      exclusion: { justification: 'reseller', approvedBy: 'lead' },
      ruleId: 'scoring.exclusion',
    });
    expect(r.trace.lostPoints).toEqual([
      expect.objectContaining({
        node: '5.1.7',
        points: 3,
        ruleId: 'scoring.qualitative',
        evidence: ['photo-77'],
      }),
    ]);
    expect(r.trace.lostPoints[0]!.reason.zh).toContain('5.1.7 不符合');
    expect(r.totals).toMatchObject({
      applicablePoints: 96,
      achievedPoints: 93,
      score: 96.9,
      scoreText: '96.9',
    });
    expect(r.trace.steps.map((s) => s.code)).toEqual([
      'applicable_points',
      'normalised_score',
      'special_items',
      'rounding',
    ]);
    expect(r.trace.steps[1]!.en).toBe('Normalised score = achieved 93 ÷ applicable 96 × 100 = 96.875');
  });

  it('pools samples over separate result entries for the same item', () => {
    const doc = conformingDocument();
    const r = scoreEvaluation(scheme, {
      ...doc,
      results: [
        ...doc.results.filter((x) => x.node !== '5.3.2'),
        {
          node: '5.3.2',
          method: 'sampled',
          samples: [{ source: 'onSiteOutlet', ref: 'OUT-1', checked: 3, conforming: 2 }],
        },
        {
          node: '5.3.2',
          method: 'sampled',
          samples: [{ source: 'mysteryVisit', ref: 'MV-9', checked: 1, conforming: 0 }],
        },
      ],
    });
    const item = r.trace.nodes.find((n) => n.code === '5.3.2')!;
    expect(item.achievedPoints).toBe(6.5); // 13 × 2/4
    expect(item.detail).toEqual({
      kind: 'sampled',
      checked: 4,
      conforming: 2,
      sources: [
        { source: 'mysteryVisit', records: 1, checked: 1, conforming: 0 },
        { source: 'onSiteOutlet', records: 1, checked: 3, conforming: 2 },
      ],
    });
    expect(r.trace.lostPoints[0]!.evidence).toEqual(['OUT-1', 'MV-9']);
  });

  it('scores metric bands, including a fraction share', () => {
    const body = bodyVersionWithMetric();
    const r = scoreEvaluation(
      body,
      withResult(conformingDocument(body), { node: '5.3.1', method: 'metric', value: 75 }),
    );
    expect(r.trace.nodes.find((n) => n.code === '5.3.1')!.achievedPoints).toBe(4); // 12 × 1/3
    expect(r.totals.exact.unrounded).toBe('92');
  });

  it('can compare thresholds on the unrounded score (body policy)', () => {
    const body = bodyVersionWithMetric({
      scoring: { rounding: { decimals: 1, mode: 'halfUp', compareOn: 'unrounded' } },
    });
    // 5.3.1 value 75 → 12 × 1/3 = 4 (−8); 5.2.2: 6 × 79/120 = 3.95 (−2.05); 5.2.1 (−5), 5.1.4.2 (−2), 5.1.1.1 (−3)
    // → 100 − 20.05 = 79.95, which rounds to 80.0 but is compared unrounded: compliant, not three stars
    let doc = withResult(conformingDocument(body), { node: '5.3.1', method: 'metric', value: 75 });
    doc = withResult(doc, {
      node: '5.2.2',
      method: 'sampled',
      samples: [{ source: 'recordSample', checked: 120, conforming: 79 }],
    });
    for (const node of ['5.2.1', '5.1.4.2', '5.1.1.1'])
      doc = withResult(doc, { node, method: 'qualitative', conforms: false });
    const r = scoreEvaluation(body, doc);
    expect(r.totals.exact.unrounded).toBe('1599/20');
    expect(r.totals.scoreText).toBe('80.0');
    expect(r.outcome.level?.id).toBe('compliant');
  });

  it('counts an unscorable item as zero when the policy says zeroPoints', () => {
    const body = bodyVersionWithMetric({ scoring: { onUnscorableItem: 'zeroPoints' } });
    const doc = conformingDocument(body);
    const r = scoreEvaluation(body, { ...doc, results: doc.results.filter((x) => x.node !== '5.1.3.3') });
    expect(r.status).toBe('scored');
    expect(r.unscorable.map((u) => [u.node, u.reason.code])).toEqual([['5.1.3.3', 'no_result']]);
    expect(r.totals.score).toBe(97);
  });

  it('does not round when the policy says none', () => {
    const body = bodyVersionWithMetric({
      scoring: { rounding: { decimals: 1, mode: 'none', compareOn: 'rounded' } },
    });
    const r = scoreEvaluation(
      body,
      withResult(conformingDocument(body), { node: '5.3.1', method: 'metric', value: 75 }),
    );
    expect(r.totals.score).toBe(92);
    const r2 = scoreEvaluation(
      body,
      withResult(conformingDocument(body), {
        node: '5.1.2.2',
        method: 'staffing',
        serviceManagementStaff: 30,
        certifiedManagers: 1,
      }),
    );
    expect(r2.totals.exact.unrounded).toBe('290/3'); // 5 × 1/3 → 96.666…
    expect(r2.totals.scoreText).toBe('≈96.6667');
  });

  it('lets an outstanding result override the stars-after-compliance cap', () => {
    const body = bodyVersionWithMetric({
      grading: { starsAfterCompliance: { enabled: true, months: 12, outstandingOverride: true } },
    });
    const doc = {
      ...conformingDocument(body),
      context: { monthsAtCompliant: 3, outstanding: { justification: '行业标杆' } },
    };
    const r = scoreEvaluation(body, doc);
    expect(r.outcome.level?.id).toBe('fiveStar');
    expect(r.outcome.reasons.map((x) => x.code)).toEqual(['level_reached', 'stars_outstanding_override']);
    const capped = scoreEvaluation(body, { ...doc, context: { monthsAtCompliant: 3 } });
    expect(capped.outcome.level?.id).toBe('compliant');
    const long = scoreEvaluation(body, { ...doc, context: { monthsAtCompliant: 12 } });
    expect(long.outcome.level?.id).toBe('fiveStar');
  });

  it('is deterministic and does not modify its input', () => {
    const doc = conformingDocument();
    const copy = structuredClone(doc);
    expect(scoreEvaluation(scheme, doc)).toEqual(scoreEvaluation(scheme, doc));
    expect(doc).toEqual(copy);
  });
});
