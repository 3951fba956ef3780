import { describe, expect, it } from 'vitest';
import { bodyVersionWithMetric, conformingResults } from '../scoring/evaluation.test-support.ts';
import { scoreEvaluation } from '../scoring/score-evaluation.ts';
import { publishedBuiltin } from '../schemes/builtin.test-support.ts';
import { checklistFor, rollUpChecklists, type RollUpInput } from '../workflow/checklist.ts';

/** The survey seam of the checklist roll-up: a campaign's CSI feeds a metric item, or a sampled one. */
function input(
  scheme: ReturnType<typeof publishedBuiltin>,
  metric: RollUpInput['metricValues'],
): RollUpInput {
  // Every other leaf answered at headquarters, through the checklist path.
  const atOutlet = new Set(checklistFor(scheme.package, 'outlet').map((i) => i.node));
  const entries = conformingResults(scheme)
    .filter((r) => r.node !== '5.3.1')
    .map((r) => ({ ...rawEntry(r), siteId: atOutlet.has(r.node) ? 'out' : 'hq' }));
  function rawEntry(r: ReturnType<typeof conformingResults>[number]) {
    {
      if (r.method === 'sampled')
        return { siteId: 'hq', node: r.node, method: 'sampled' as const, checked: 10, conforming: 10 };
      if (r.method === 'metric')
        return { siteId: 'hq', node: r.node, method: 'metric' as const, value: r.value };
      if (r.method === 'staffing')
        return {
          siteId: 'hq',
          node: r.node,
          method: 'staffing' as const,
          serviceManagementStaff: r.serviceManagementStaff,
          certifiedManagers: r.certifiedManagers,
        };
      return { siteId: 'hq', node: r.node, method: 'qualitative' as const, conforms: true };
    }
  }
  return {
    scheme: { urn: scheme.package.urn, version: scheme.package.version },
    evaluationId: 'EV-1',
    stage: 'initial',
    sites: [
      { id: 'hq', kind: 'headquarters', code: 'HQ' },
      { id: 'out', kind: 'outlet', code: 'OUT-1' },
    ],
    entries,
    exclusions: [],
    specialDeductions: [],
    specialBonuses: [],
    metricValues: metric,
  };
}

describe('survey values in the roll-up', () => {
  it('gives a metric item its CSI, named with margin and responses; the band scores it', () => {
    const body = bodyVersionWithMetric();
    const doc = rollUpChecklists(
      body.package,
      input(body, [{ node: '5.3.1', value: 84.2, marginOfError: 3.14, responses: 120, ref: 'survey CX' }]),
    );
    const r = doc.results.find((x) => x.node === '5.3.1')!;
    expect(r).toMatchObject({
      method: 'metric',
      value: 84.2,
      evidence: ['survey CX: 84.2 ± 3.1 (95 %), n = 120'],
    });
    const result = scoreEvaluation(body, doc);
    const node = result.trace.nodes.find((n) => n.code === '5.3.1')!;
    expect(node.detail).toMatchObject({ kind: 'metric', value: 84.2, band: { share: 0.75 } });
    expect(node.achievedPoints).toBe(9); // 12 × 0.75
    const lost = result.trace.lostPoints.find((l) => l.node === '5.3.1')!;
    expect(lost.evidence).toContain('survey CX: 84.2 ± 3.1 (95 %), n = 120');
  });

  it('adds a customerSurvey sample record to a sampled item (satisfied of responses)', () => {
    const builtin = publishedBuiltin();
    const doc = rollUpChecklists(
      builtin.package,
      input(builtin, [
        { node: '5.3.1', value: 80, marginOfError: null, responses: 40, satisfied: 30, ref: 'survey CX' },
      ]),
    );
    const r = doc.results.find((x) => x.node === '5.3.1')!;
    expect(r).toEqual({
      node: '5.3.1',
      method: 'sampled',
      samples: [
        {
          source: 'customerSurvey',
          ref: 'survey CX: 80.0, n = 40, 30 satisfied',
          checked: 40,
          conforming: 30,
        },
      ],
    });
    const node = scoreEvaluation(builtin, doc).trace.nodes.find((n) => n.code === '5.3.1')!;
    expect(node.achievedPoints).toBe(9); // 12 × 30/40
  });
});
