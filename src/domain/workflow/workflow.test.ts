import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { publishedBuiltin } from '../schemes/builtin.test-support.ts';
import { scoreEvaluation } from '../scoring/score-evaluation.ts';
import { parseEvaluationDocument } from '../scoring/evaluation-input.ts';
import {
  addMonths,
  checkAssignment,
  checkEligibility,
  checkIndependence,
  checklistFor,
  checkSubmit,
  DEFAULT_WORKFLOW_POLICY as P,
  EVALUATION_MACHINE,
  FINDING_MACHINE,
  isFindingOverdue,
  monthsBetween,
  nextState,
  planProgramme,
  rollUpChecklists,
  type Candidate,
  type ChecklistEntry,
} from './index.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  return null;
};

describe('calendar months', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 14)).toBe('2028-01-30');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });
  it('counts whole months', () => {
    expect(monthsBetween('2026-01-15', '2026-04-14')).toBe(2);
    expect(monthsBetween('2026-01-15', '2026-04-15')).toBe(3);
  });
  it('adding n months never lands more than n whole months away', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 48 }),
        (d, n) => {
          const from = d.toISOString().slice(0, 10);
          expect(monthsBetween(from, addMonths(from, n))).toBeLessThanOrEqual(n);
          expect(monthsBetween(from, addMonths(from, n))).toBeGreaterThanOrEqual(n - 1);
        },
      ),
    );
  });
});

describe('planProgramme', () => {
  it('derives the 3-year cycle from the decision date', () => {
    const s = planProgramme('2026-12-15', P.programme);
    expect(s.expiryDate).toBe('2029-12-14');
    expect(s.events.map((e) => [e.stage, e.dueBy])).toEqual([
      ['surveillance1', '2027-12-15'],
      ['surveillance2', '2028-12-15'],
      ['recertification', '2029-09-14'],
    ]);
  });
  it('follows the body’s configuration', () => {
    const s = planProgramme('2026-01-31', {
      ...P.programme,
      firstSurveillanceWithinMonths: 6,
      surveillanceMaxIntervalMonths: 9,
    });
    expect(s.events.slice(0, 2).map((e) => e.dueBy)).toEqual(['2026-07-31', '2027-04-30']);
  });
});

describe('state machines', () => {
  it('allow only the listed steps', () => {
    expect(nextState(EVALUATION_MACHINE, 'evaluation', 'submitted', 'returnReview')).toBe('inProgress');
    expect(codeOf(() => nextState(EVALUATION_MACHINE, 'evaluation', 'planned', 'grant'))).toBe(
      'transition_not_allowed',
    );
    expect(codeOf(() => nextState(FINDING_MACHINE, 'finding', 'accepted', 'reopen'))).toBe(
      'transition_not_allowed',
    );
  });
  it('flags overdue findings that are not accepted', () => {
    expect(isFindingOverdue({ state: 'open', dueDate: '2026-11-01' }, '2026-11-30')).toBe(true);
    expect(isFindingOverdue({ state: 'accepted', dueDate: '2026-11-01' }, '2026-11-30')).toBe(false);
  });
});

describe('submission and independence', () => {
  const team = { leadId: 'lead', memberIds: ['ev1'] };
  it('only the lead submits, and only with every nonconformity corrected', () => {
    expect(codeOf(() => checkSubmit(team, 'ev1', []))).toBe('not_the_lead');
    expect(
      codeOf(() => checkSubmit(team, 'lead', [{ id: 'F1', severity: 'nonconformity', state: 'answered' }])),
    ).toBe('findings_unresolved');
    expect(
      codeOf(() => checkSubmit(team, 'lead', [{ id: 'F1', severity: 'observation', state: 'open' }])),
    ).toBeNull();
  });
  it('reviewers and decision makers come from outside the team', () => {
    expect(codeOf(() => checkIndependence('review', team, 'ev1'))).toBe('reviewer_on_team');
    expect(codeOf(() => checkIndependence('decision', team, 'lead'))).toBe('decision_maker_on_team');
    expect(codeOf(() => checkIndependence('decision', team, 'rev', 'rev'))).toBe(
      'decision_maker_was_reviewer',
    );
    expect(codeOf(() => checkIndependence('decision', team, 'dm', 'rev'))).toBeNull();
  });
});

describe('checkEligibility', () => {
  it('explains each check', () => {
    const r = checkEligibility(
      {
        systemOperatingSince: '2026-10-01',
        legalStatusValid: true,
        managersOnRoster: 0,
        today: '2026-11-30',
      },
      P.eligibility,
    );
    expect(r.eligible).toBe(false);
    expect(r.checks.map((c) => [c.code, c.passed])).toEqual([
      ['system_operating_period', false],
      ['legal_status', true],
      ['manager_roster', false],
    ]);
    expect(r.checks[0]!.reason.zh).toContain('仅运行 1 个月');
  });
});

describe('checkAssignment', () => {
  const base: Candidate = {
    personId: 'p1',
    name: '王评价',
    qualifications: [{ scheme: 'gbt27922', role: 'lead', validUntil: '2027-06-30' }],
    industryCodes: ['F51'],
    declarations: [],
  };
  const ctx = {
    scheme: 'gbt27922',
    clientId: 'c1',
    industryCode: 'F5137',
    date: '2026-12-01',
    previousLeads: [],
  };
  it('allows a qualified, competent, impartial lead', () => {
    expect(checkAssignment(base, 'lead', ctx, P.team)).toEqual({ allowed: true, blocks: [] });
  });
  it('says exactly why an assignment is blocked', () => {
    const r = checkAssignment(
      {
        ...base,
        industryCodes: ['C38'],
        declarations: [{ clientId: 'c1', kind: '咨询', from: '2024-01-01', to: '2025-09-01' }],
      },
      'lead',
      { ...ctx, date: '2027-07-01', previousLeads: ['p1', 'p1', 'p1'] },
      P.team,
    );
    expect(r.blocks.map((b) => b.code)).toEqual([
      'qualification_expired',
      'no_industry_competence',
      'impartiality_conflict',
      'rotation_limit',
    ]);
    expect(r.blocks[2]!.reason.zh).toContain('2 年内不得参与评价');
  });
  it('lets a consulting relationship lapse after the impartiality period', () => {
    const r = checkAssignment(
      { ...base, declarations: [{ clientId: 'c1', kind: '咨询', from: '2022-01-01', to: '2024-11-01' }] },
      'lead',
      ctx,
      P.team,
    );
    expect(r.allowed).toBe(true);
  });
});

describe('checklists and roll-up', () => {
  const scheme = publishedBuiltin();
  it('generates a headquarters checklist and a smaller outlet checklist from the scheme', () => {
    const hq = checklistFor(scheme.package, 'headquarters');
    const outlet = checklistFor(scheme.package, 'outlet');
    expect(hq.length).toBeGreaterThan(outlet.length);
    expect(outlet.every((i) => i.technique === 'onSiteOutlet')).toBe(true);
    expect(hq.some((i) => i.node === '5.1.2.2' && i.method === 'staffing')).toBe(true);
  });

  it('rolls site answers into a document the engine scores, naming each outlet in the trace', () => {
    const sites = [
      { id: 'hq', kind: 'headquarters' as const, code: 'HQ' },
      { id: 'o1', kind: 'outlet' as const, code: 'SH-001' },
      { id: 'o2', kind: 'outlet' as const, code: 'GZ-002' },
    ];
    const entries: ChecklistEntry[] = [];
    for (const site of sites) {
      for (const item of checklistFor(scheme.package, site.kind)) {
        const e = { siteId: site.id, node: item.node };
        if (item.method === 'qualitative') entries.push({ ...e, method: 'qualitative', conforms: true });
        if (item.method === 'sampled')
          entries.push({ ...e, method: 'sampled', checked: 5, conforming: site.code === 'GZ-002' ? 4 : 5 });
        if (item.method === 'metric') entries.push({ ...e, method: 'metric', value: 90 });
        if (item.method === 'staffing')
          entries.push({ ...e, method: 'staffing', serviceManagementStaff: 20, certifiedManagers: 2 });
      }
    }
    const doc = rollUpChecklists(scheme.package, {
      scheme: { urn: scheme.package.urn, version: scheme.package.version },
      evaluationId: 'EV-1',
      stage: 'initial',
      sites,
      entries,
      exclusions: [],
      specialDeductions: [],
      specialBonuses: [],
    });
    const result = scoreEvaluation(scheme, parseEvaluationDocument(doc));
    expect(result.status).toBe('scored');
    expect(result.totals.score).toBeLessThan(100);
    const lost = result.trace.lostPoints.filter((l) => l.points > 0);
    expect(lost.length).toBeGreaterThan(0);
    // Samples are pooled per item with each outlet named as the source of its records.
    const sampled = doc.results.find((r) => r.method === 'sampled');
    expect(sampled && 'samples' in sampled ? sampled.samples.map((s) => s.ref) : []).toEqual(
      expect.arrayContaining(['SH-001', 'GZ-002']),
    );
  });

  it('refuses answers for unknown sites and items', () => {
    expect(
      codeOf(() =>
        rollUpChecklists(scheme.package, {
          scheme: { urn: scheme.package.urn, version: scheme.package.version },
          evaluationId: 'x',
          stage: 'initial',
          sites: [],
          entries: [{ siteId: 'nowhere', node: '5.1.1.1', method: 'qualitative', conforms: true }],
          exclusions: [],
          specialDeductions: [],
          specialBonuses: [],
        }),
      ),
    ).toBe('unknown_site');
  });
});
