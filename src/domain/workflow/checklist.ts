import { DomainError, type DomainIssue } from '../errors.ts';
import type {
  EvaluationDocument,
  Exclusion,
  ItemResult,
  SpecialBonus,
  SpecialDeduction,
} from '../scoring/evaluation-input.ts';
import type { EvidenceTechnique, IndicatorNode, SchemePackage } from '../schemes/package-schema.ts';
import { schemeIndexOf } from '../schemes/tree.ts';

export type SiteKind = 'headquarters' | 'outlet';

export interface ChecklistSite {
  id: string;
  kind: SiteKind;
  /** Outlet code, or HQ; names the site in the trace. */
  code: string;
}

export interface ChecklistItem {
  node: string;
  urn: string;
  title: IndicatorNode['title'];
  points: number;
  method: NonNullable<IndicatorNode['method']>['kind'];
  technique: EvidenceTechnique;
  excludable: boolean;
  provisional: boolean;
  guidance: IndicatorNode['guidance'];
}

/** The technique a site's checklist feeds: headquarters on-site (or document review), outlets on-site. */
function techniqueFor(node: IndicatorNode, kind: SiteKind): EvidenceTechnique | null {
  const allowed = node.techniques ?? [];
  if (kind === 'outlet') return allowed.includes('onSiteOutlet') ? 'onSiteOutlet' : null;
  if (allowed.includes('onSiteHQ')) return 'onSiteHQ';
  if (allowed.includes('documentReview')) return 'documentReview';
  return null;
}

/**
 * The checklist of a site, generated from the pinned scheme version: the leaf items whose evidence
 * techniques that kind of site can feed.
 */
export function checklistFor(pkg: SchemePackage, kind: SiteKind): ChecklistItem[] {
  return schemeIndexOf(pkg)
    .nodes.filter((e) => e.isLeaf)
    .flatMap((e) => {
      const technique = techniqueFor(e.node, kind);
      if (!technique) return [];
      // Staffing and metric items are measured once, at headquarters.
      if (kind === 'outlet' && (e.method!.kind === 'staffing' || e.method!.kind === 'metric')) return [];
      return [
        {
          node: e.node.code,
          urn: e.node.urn,
          title: e.node.title,
          points: e.node.points,
          method: e.method!.kind,
          technique,
          excludable: e.node.excludable === true,
          provisional: e.node.provisional === true,
          guidance: e.node.guidance,
        },
      ];
    });
}

/** One answered checklist item at one site, in the form its method needs. */
export type ChecklistEntry = {
  siteId: string;
  node: string;
  evidence?: string[];
  note?: string;
} & (
  | { method: 'qualitative'; conforms: boolean }
  | { method: 'sampled'; checked: number; conforming: number }
  | { method: 'metric'; value: number }
  | { method: 'staffing'; serviceManagementStaff: number; certifiedManagers: number }
);

export interface RollUpInput {
  scheme: { urn: string; version: string; contentHash?: string };
  evaluationId: string;
  stage: 'initial' | 'surveillance' | 'recertification';
  sites: readonly ChecklistSite[];
  entries: readonly ChecklistEntry[];
  exclusions: readonly Exclusion[];
  specialDeductions: readonly SpecialDeduction[];
  specialBonuses: readonly SpecialBonus[];
  /** Further sample records for items, e.g. approved mystery visits or survey results. */
  extraSamples?: readonly {
    node: string;
    record: {
      source: EvidenceTechnique;
      ref?: string;
      checked: number;
      conforming: number;
      evidence?: string[];
    };
  }[];
  /**
   * Values of metric items measured by a survey campaign (e.g. the satisfaction index): the value, its
   * margin of error at 95 % and the responses behind it, named in the result's evidence and note. A
   * campaign value takes the place of a value entered on a checklist.
   */
  metricValues?: readonly {
    node: string;
    value: number;
    marginOfError: number | null;
    responses: number;
    /** Names the campaign, e.g. `survey CX-2026 (campaign id)`. */
    ref: string;
    /** Satisfied responses: for a sampled item the campaign is one `customerSurvey` sample record. */
    satisfied?: number;
  }[];
}

/**
 * Rolls the site checklists up into the engine's evaluation document: each site's answer becomes an
 * observation or a sample record named after the site (`ref`), so the engine's trace says which outlet
 * contributed what.
 * @throws DomainError `unknown_site`, `unknown_node`, `method_mismatch`
 */
export function rollUpChecklists(pkg: SchemePackage, input: RollUpInput): EvaluationDocument {
  const index = schemeIndexOf(pkg);
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const issues: DomainIssue[] = [];
  const byNode = new Map<string, ItemResult>();

  input.entries.forEach((entry, i) => {
    const site = sites.get(entry.siteId);
    const node = index.byCode.get(entry.node) ?? index.byUrn.get(entry.node);
    if (!site)
      return void issues.push({
        code: 'unknown_site',
        path: `entries[${i}].siteId`,
        message: `No site ${entry.siteId} in this evaluation`,
      });
    if (!node || !node.isLeaf)
      return void issues.push({
        code: 'unknown_node',
        path: `entries[${i}].node`,
        message: `No item ${entry.node} in the scheme`,
      });
    if (node.method!.kind !== entry.method) {
      return void issues.push({
        code: 'method_mismatch',
        path: `entries[${i}].method`,
        message: `Item ${entry.node} is scored by ${node.method!.kind}`,
      });
    }
    const source = techniqueFor(node.node, site.kind) ?? 'documentReview';
    const code = node.node.code;
    const evidence = entry.evidence?.length ? { evidence: entry.evidence } : {};
    const existing = byNode.get(code);
    switch (entry.method) {
      case 'qualitative': {
        const r = (existing ?? { node: code, method: 'qualitative', observations: [] }) as Extract<
          ItemResult,
          { method: 'qualitative' }
        >;
        r.observations!.push({
          source,
          ref: site.code,
          conforms: entry.conforms,
          ...evidence,
          ...(entry.note ? { note: entry.note } : {}),
        });
        byNode.set(code, r);
        break;
      }
      case 'sampled': {
        const r = (existing ?? { node: code, method: 'sampled', samples: [] }) as Extract<
          ItemResult,
          { method: 'sampled' }
        >;
        r.samples.push({
          source,
          ref: site.code,
          checked: entry.checked,
          conforming: entry.conforming,
          ...evidence,
        });
        byNode.set(code, r);
        break;
      }
      case 'metric':
        byNode.set(code, { node: code, method: 'metric', value: entry.value, ...evidence });
        break;
      case 'staffing':
        byNode.set(code, {
          node: code,
          method: 'staffing',
          serviceManagementStaff: entry.serviceManagementStaff,
          certifiedManagers: entry.certifiedManagers,
          ...evidence,
        });
        break;
    }
  });
  for (const extra of input.extraSamples ?? []) {
    const r = byNode.get(extra.node);
    if (r?.method === 'sampled') r.samples.push(extra.record);
    else if (!r) byNode.set(extra.node, { node: extra.node, method: 'sampled', samples: [extra.record] });
  }
  for (const m of input.metricValues ?? []) {
    const node = index.byCode.get(m.node) ?? index.byUrn.get(m.node);
    if (!node?.isLeaf) continue;
    const margin = m.marginOfError === null ? '' : ` ± ${m.marginOfError.toFixed(1)} (95 %)`;
    const named = `${m.ref}: ${m.value.toFixed(1)}${margin}, n = ${m.responses}`;
    if (node.method!.kind === 'sampled' && m.satisfied !== undefined && m.responses > 0) {
      const record = {
        source: 'customerSurvey' as const,
        ref: `${named}, ${m.satisfied} satisfied`,
        checked: m.responses,
        conforming: m.satisfied,
      };
      const r = byNode.get(node.node.code);
      if (r?.method === 'sampled') r.samples.push(record);
      else if (!r) byNode.set(node.node.code, { node: node.node.code, method: 'sampled', samples: [record] });
      continue;
    }
    if (node.method!.kind !== 'metric') continue;
    byNode.set(node.node.code, {
      node: node.node.code,
      method: 'metric',
      value: m.value,
      evidence: [named],
      note: named,
    });
  }
  if (issues.length) throw DomainError.fromIssues(issues, 'The checklists cannot be rolled up');
  return {
    format: 'starmark/evaluation@1',
    id: input.evaluationId,
    scheme: input.scheme,
    stage: input.stage,
    exclusions: [...input.exclusions],
    results: [...byNode.values()],
    specialDeductions: [...input.specialDeductions],
    specialBonuses: [...input.specialBonuses],
  } as EvaluationDocument;
}
