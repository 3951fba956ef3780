/**
 * The GB/T 27922 scoring engine. Pure and deterministic: a published scheme version and an evaluation
 * document in; the score, the outcome and a full trace out. Every number it uses (points, ratios, bands,
 * thresholds, rounding) comes from the scheme package. Arithmetic is exact (rationals over BigInt; decimal
 * inputs are read exactly with decimal.js), and rounding happens once, on the final score.
 */
import { DomainError, type DomainIssue } from '../errors.ts';
import { Rational } from '../schemes/exact.ts';
import type { EvidenceTechnique, GradeLevel, MethodKind, SchemePackage } from '../schemes/package-schema.ts';
import type { SchemeVersion } from '../schemes/publish.ts';
import { resolveNodeRef, schemeIndexOf, type IndexedNode, type SchemeIndex } from '../schemes/tree.ts';
import type { EvaluationDocument } from './evaluation-input.ts';
import type { EvaluationResult, LostPoints, NodeDetail, NodeTrace, Reason } from './result.ts';
import { RULES, SCORING_ENGINE_VERSION } from './rules.ts';

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────

function reason(code: string, ruleId: string, zh: string, en: string, params: Reason['params'] = {}): Reason {
  return { code, ruleId, zh, en, params };
}

/** Exact where short (≤ 6 decimals), else "≈" and 4 decimals. */
function fmt(r: Rational): string {
  const six = r.round(6, 'halfUp');
  if (six.eq(r)) return trimZeros(r.toFixed(6));
  return `≈${trimZeros(r.round(4, 'halfUp').toFixed(4))}`;
}
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

interface LeafAcc {
  seen: MethodKind | null;
  /** index of the first result for the item */
  firstPath: number;
  // qualitative
  conforms: boolean;
  observations: number;
  nonConforming: number;
  // sampled
  checked: number;
  conforming: number;
  sources: Map<EvidenceTechnique, { records: number; checked: number; conforming: number }> | null;
  // metric
  value: number | null;
  // staffing
  staff: number | null;
  managers: number | null;
  /** evidence refs that explain a loss */
  lossEvidence: string[];
  /** result-level evidence, added to the loss when there is one */
  evidence: string[];
}

function newAcc(): LeafAcc {
  return {
    seen: null,
    firstPath: -1,
    conforms: true,
    observations: 0,
    nonConforming: 0,
    checked: 0,
    conforming: 0,
    sources: null,
    value: null,
    staff: null,
    managers: null,
    lossEvidence: [],
    evidence: [],
  };
}

function pushAll(target: string[], items: readonly string[] | undefined): void {
  if (items) for (const x of items) target.push(x);
}

// ── the engine ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Scores an evaluation against a published scheme version.
 *
 * @throws DomainError naming the place (`details.path`, all problems in `details.issues`):
 *   `scheme_not_published`, `scheme_mismatch`, `unknown_node`, `node_not_excludable`, `exclusion_duplicate`,
 *   `result_on_internal_node`, `result_method_mismatch`, `result_for_excluded_node`, `technique_not_allowed`,
 *   `conforming_exceeds_checked`, `invalid_count`, `qualitative_result_empty`, `qualitative_conflict`,
 *   `duplicate_result`, `metric_value_out_of_range`, `unknown_special_deduction_category`,
 *   `special_bonus_limit`, `nothing_applicable`.
 */
export function scoreEvaluation(scheme: SchemeVersion, input: EvaluationDocument): EvaluationResult {
  const pkg = scheme.package;
  if (scheme.status !== 'published') {
    throw new DomainError(
      'scheme_not_published',
      `Version ${pkg.version} of ${pkg.urn} is not published; only published scheme versions can score`,
      { ruleId: RULES.scheme, details: { path: 'scheme.version', urn: pkg.urn, version: pkg.version } },
    );
  }
  const schemeIssues: DomainIssue[] = [];
  if (input.scheme.urn !== pkg.urn) {
    schemeIssues.push({
      code: 'scheme_mismatch',
      path: 'scheme.urn',
      message: `The document names ${input.scheme.urn}, but the scheme is ${pkg.urn}`,
      ruleId: RULES.scheme,
    });
  }
  if (input.scheme.version !== pkg.version) {
    schemeIssues.push({
      code: 'scheme_mismatch',
      path: 'scheme.version',
      message: `The document names version ${input.scheme.version}, but the scheme version is ${pkg.version}`,
      ruleId: RULES.scheme,
    });
  }
  if (input.scheme.contentHash && input.scheme.contentHash !== scheme.contentHash) {
    schemeIssues.push({
      code: 'scheme_mismatch',
      path: 'scheme.contentHash',
      message: `The document pins content ${input.scheme.contentHash}, but the published content is ${scheme.contentHash}`,
      ruleId: RULES.scheme,
    });
  }
  if (schemeIssues.length > 0) throw DomainError.fromIssues(schemeIssues, 'Wrong scheme version');

  const idx = schemeIndexOf(pkg);
  const { nodes } = idx;
  const policy = pkg.policies.scoring;
  const issues: DomainIssue[] = [];

  // ── exclusions ──
  const excludedBy = new Int32Array(nodes.length).fill(-1); // index of the exclusion entry
  const excludedRoot = new Int32Array(nodes.length).fill(-1); // node index where the exclusion was made
  const exclusions = input.exclusions ?? [];
  const excludedNodes = new Set<number>();
  exclusions.forEach((ex, i) => {
    const path = `exclusions[${i}].node`;
    const target = resolveNodeRef(idx, ex.node);
    if (!target) {
      issues.push(unknownNode(path, ex.node, pkg));
      return;
    }
    if (!target.node.excludable) {
      issues.push({
        code: 'node_not_excludable',
        path,
        message: `Node ${target.node.code} may not be excluded (it is not marked excludable in the scheme)`,
        ruleId: RULES.exclusion,
        details: { node: target.node.code },
      });
      return;
    }
    if (excludedNodes.has(target.index)) {
      issues.push({
        code: 'exclusion_duplicate',
        path,
        message: `Node ${target.node.code} is excluded twice`,
        ruleId: RULES.exclusion,
      });
      return;
    }
    if (!ex.justification || ex.justification.trim() === '') {
      issues.push({
        code: 'exclusion_justification_missing',
        path: `exclusions[${i}].justification`,
        message: `The exclusion of ${target.node.code} needs a justification`,
        ruleId: RULES.exclusion,
      });
      return;
    }
    excludedNodes.add(target.index);
    for (let k = target.index; k < target.end; k++) {
      if (excludedBy[k] === -1) {
        excludedBy[k] = i;
        excludedRoot[k] = target.index;
      }
    }
  });

  // ── results ──
  const accs: (LeafAcc | undefined)[] = new Array(nodes.length);
  const allowed: (ReadonlySet<string> | null)[] = nodes.map((e) =>
    e.node.techniques ? new Set(e.node.techniques) : null,
  );
  const results = input.results;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const target = resolveNodeRef(idx, r.node);
    if (!target) {
      issues.push(unknownNode(`results[${i}].node`, r.node, pkg));
      continue;
    }
    const code = target.node.code;
    if (!target.isLeaf) {
      issues.push({
        code: 'result_on_internal_node',
        path: `results[${i}].node`,
        message: `Node ${code} has sub-items; give results for its leaf items`,
        ruleId: RULES.input,
      });
      continue;
    }
    const method = target.method!;
    if (r.method !== method.kind) {
      issues.push({
        code: 'result_method_mismatch',
        path: `results[${i}].method`,
        message: `Item ${code} is evaluated by method "${method.kind}", not "${r.method}"`,
        ruleId: RULES.input,
        details: { expected: method.kind, actual: r.method },
      });
      continue;
    }
    if (excludedBy[target.index] !== -1) {
      issues.push({
        code: 'result_for_excluded_node',
        path: `results[${i}].node`,
        message: `Item ${code} is excluded (exclusions[${excludedBy[target.index]}]) but has a result`,
        ruleId: RULES.exclusion,
      });
      continue;
    }
    let acc = accs[target.index];
    if (!acc) {
      acc = newAcc();
      acc.firstPath = i;
      accs[target.index] = acc;
    } else if (r.method === 'metric' || r.method === 'staffing') {
      issues.push({
        code: 'duplicate_result',
        path: `results[${i}].node`,
        message: `Item ${code} already has a ${r.method} result at results[${acc.firstPath}]`,
        ruleId: RULES.input,
      });
      continue;
    }
    acc.seen = r.method;
    pushAll(acc.evidence, r.evidence);
    const techniques = allowed[target.index]!;

    switch (r.method) {
      case 'qualitative': {
        const obs = r.observations ?? [];
        if (r.conforms === undefined && obs.length === 0) {
          issues.push({
            code: 'qualitative_result_empty',
            path: `results[${i}]`,
            message: `Item ${code}: give "conforms" or at least one observation`,
            ruleId: RULES.qualitative,
          });
          break;
        }
        let anyNon = false;
        for (let j = 0; j < obs.length; j++) {
          const o = obs[j]!;
          if (o.source && techniques && !techniques.has(o.source)) {
            issues.push(techniqueNotAllowed(`results[${i}].observations[${j}].source`, o.source, target));
            continue;
          }
          acc.observations++;
          if (!o.conforms) {
            anyNon = true;
            acc.nonConforming++;
            if (o.evidence) pushAll(acc.lossEvidence, o.evidence);
            else if (o.ref) acc.lossEvidence.push(o.ref);
          }
        }
        if (r.conforms === true && anyNon) {
          issues.push({
            code: 'qualitative_conflict',
            path: `results[${i}].conforms`,
            message: `Item ${code} is marked conforming but has non-conforming observations`,
            ruleId: RULES.qualitative,
          });
          break;
        }
        if (r.conforms === false || anyNon) acc.conforms = false;
        if (r.conforms !== undefined) acc.observations++;
        if (r.conforms === false) acc.nonConforming++;
        break;
      }
      case 'sampled': {
        const samples = r.samples;
        let sources = acc.sources;
        if (!sources) sources = acc.sources = new Map();
        for (let j = 0; j < samples.length; j++) {
          const s = samples[j]!;
          if (techniques && !techniques.has(s.source)) {
            issues.push(techniqueNotAllowed(`results[${i}].samples[${j}].source`, s.source, target));
            continue;
          }
          const { checked, conforming } = s;
          if (
            !Number.isSafeInteger(checked) ||
            checked < 0 ||
            !Number.isSafeInteger(conforming) ||
            conforming < 0
          ) {
            issues.push({
              code: 'invalid_count',
              path: `results[${i}].samples[${j}]`,
              message: 'checked and conforming must be whole numbers ≥ 0',
              ruleId: RULES.sampled,
            });
            continue;
          }
          if (conforming > checked) {
            issues.push({
              code: 'conforming_exceeds_checked',
              path: `results[${i}].samples[${j}].conforming`,
              message: `Item ${code}: ${conforming} conforming of ${checked} checked samples`,
              ruleId: RULES.sampled,
              details: { checked, conforming },
            });
            continue;
          }
          acc.checked += checked;
          acc.conforming += conforming;
          let st = sources.get(s.source);
          if (!st) {
            st = { records: 0, checked: 0, conforming: 0 };
            sources.set(s.source, st);
          }
          st.records++;
          st.checked += checked;
          st.conforming += conforming;
          if (conforming < checked) {
            if (s.evidence) pushAll(acc.lossEvidence, s.evidence);
            else if (s.ref) acc.lossEvidence.push(s.ref);
          }
        }
        break;
      }
      case 'metric': {
        const m = method.kind === 'metric' ? method : null;
        if (!Number.isFinite(r.value)) {
          issues.push({
            code: 'invalid_number',
            path: `results[${i}].value`,
            message: 'value must be a finite number',
            ruleId: RULES.metric,
          });
        } else if (m?.range && (r.value < m.range.min || r.value > m.range.max)) {
          issues.push({
            code: 'metric_value_out_of_range',
            path: `results[${i}].value`,
            message: `Item ${code}: ${r.value} is outside ${m.range.min}…${m.range.max}`,
            ruleId: RULES.metric,
          });
        } else acc.value = r.value;
        break;
      }
      case 'staffing': {
        const ok = (n: number) => Number.isSafeInteger(n) && n >= 0;
        if (!ok(r.serviceManagementStaff) || !ok(r.certifiedManagers)) {
          issues.push({
            code: 'invalid_count',
            path: `results[${i}]`,
            message: 'staff counts must be whole numbers ≥ 0',
            ruleId: RULES.staffing,
          });
        } else {
          acc.staff = r.serviceManagementStaff;
          acc.managers = r.certifiedManagers;
        }
        break;
      }
    }
  }

  // ── special items ──
  const categories = new Map(policy.specialDeduction.categories.map((c) => [c.id, c]));
  const deductions = input.specialDeductions ?? [];
  deductions.forEach((d, i) => {
    if (!categories.has(d.category)) {
      issues.push({
        code: 'unknown_special_deduction_category',
        path: `specialDeductions[${i}].category`,
        message: `Unknown category "${d.category}"; expected one of ${[...categories.keys()].join(', ')}`,
        ruleId: RULES.specialDeduction,
      });
    }
    if (!d.finding || d.finding.trim() === '') {
      issues.push({
        code: 'special_deduction_without_finding',
        path: `specialDeductions[${i}].finding`,
        message: 'A special deduction must link to its finding',
        ruleId: RULES.specialDeduction,
      });
    }
    if (d.node !== undefined && !resolveNodeRef(idx, d.node))
      issues.push(unknownNode(`specialDeductions[${i}].node`, d.node, pkg));
  });
  const bonuses = input.specialBonuses ?? [];
  bonuses.forEach((b, i) => {
    if (i >= policy.specialBonus.maxCount) {
      issues.push({
        code: 'special_bonus_limit',
        path: `specialBonuses[${i}]`,
        message: `At most ${policy.specialBonus.maxCount} special bonus may be awarded; this one is refused`,
        ruleId: RULES.specialBonus,
        details: { maxCount: policy.specialBonus.maxCount },
      });
    }
    if (!b.justification || b.justification.trim() === '') {
      issues.push({
        code: 'special_bonus_without_justification',
        path: `specialBonuses[${i}].justification`,
        message: 'A special bonus needs a justification',
        ruleId: RULES.specialBonus,
      });
    }
    if (b.node !== undefined && !resolveNodeRef(idx, b.node))
      issues.push(unknownNode(`specialBonuses[${i}].node`, b.node, pkg));
  });

  if (excludedBy[0] === -1 && nodes.every((e) => !e.isLeaf || excludedBy[e.index] !== -1)) {
    issues.push({
      code: 'nothing_applicable',
      path: 'exclusions',
      message: 'Every item is excluded: nothing is left to score',
      ruleId: RULES.exclusion,
    });
  }

  if (issues.length > 0) throw DomainError.fromIssues(issues, 'The evaluation cannot be scored');

  return computeResult(scheme, idx, input, accs, excludedBy, excludedRoot);
}

function unknownNode(path: string, ref: string, pkg: SchemePackage): DomainIssue {
  return {
    code: 'unknown_node',
    path,
    message: `No node "${ref}" in ${pkg.urn} ${pkg.version}`,
    ruleId: RULES.input,
    details: { node: ref },
  };
}

function techniqueNotAllowed(path: string, source: string, target: IndexedNode): DomainIssue {
  return {
    code: 'technique_not_allowed',
    path,
    message: `Technique ${source} may not feed item ${target.node.code} (allowed: ${(target.node.techniques ?? []).join(', ')})`,
    ruleId: RULES.input,
  };
}

// ── computation ─────────────────────────────────────────────────────────────────────────────────────────

function computeResult(
  scheme: SchemeVersion,
  idx: SchemeIndex,
  input: EvaluationDocument,
  accs: (LeafAcc | undefined)[],
  excludedBy: Int32Array,
  excludedRoot: Int32Array,
): EvaluationResult {
  const pkg = scheme.package;
  const { nodes } = idx;
  const policy = pkg.policies.scoring;
  const grading = pkg.policies.grading;
  const exclusions = input.exclusions ?? [];

  const max: Rational[] = nodes.map((e) => Rational.from(e.node.points));
  const applicable: Rational[] = nodes.map((e, i) => (excludedBy[i] === -1 ? max[e.index]! : Rational.ZERO));
  const achieved: (Rational | null)[] = new Array(nodes.length).fill(null);
  const details: (NodeDetail | undefined)[] = new Array(nodes.length);
  const unscorableNode = new Uint8Array(nodes.length);
  const lostPoints: LostPoints[] = [];
  const unscorable: EvaluationResult['unscorable'] = [];

  // leaves
  for (const e of nodes) {
    if (!e.isLeaf || excludedBy[e.index] !== -1) continue;
    const points = max[e.index]!;
    const acc = accs[e.index];
    const method = e.method!;
    const code = e.node.code;
    let got: Rational | null = null;
    let why: Reason | null = null;
    let ruleId: string = RULES.qualitative;

    if (!acc) {
      why = reason(
        'no_result',
        RULES.unscorable,
        `${code} 无评价结果，无法评分`,
        `${code} has no result and cannot be scored`,
        { node: code },
      );
    } else {
      switch (method.kind) {
        case 'qualitative': {
          ruleId = RULES.qualitative;
          details[e.index] = {
            kind: 'qualitative',
            conforms: acc.conforms,
            observations: acc.observations,
            nonConforming: acc.nonConforming,
          };
          got = acc.conforms ? points : Rational.ZERO;
          if (!acc.conforms) {
            lostPoints.push(
              lost(
                e,
                points,
                ruleId,
                acc,
                reason(
                  'qualitative_not_met',
                  ruleId,
                  `${code} 不符合（${acc.nonConforming} 项观察不符合），失去全部 ${fmt(points)} 分`,
                  `${code} not met (${acc.nonConforming} non-conforming observation(s)): all ${fmt(points)} points lost`,
                  { node: code, points: points.toNumber(), nonConforming: acc.nonConforming },
                ),
              ),
            );
          }
          break;
        }
        case 'sampled': {
          ruleId = RULES.sampled;
          const sources = [...(acc.sources ?? new Map()).entries()]
            .map(([source, s]) => ({
              source,
              records: s.records,
              checked: s.checked,
              conforming: s.conforming,
            }))
            .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
          details[e.index] = { kind: 'sampled', checked: acc.checked, conforming: acc.conforming, sources };
          if (acc.checked === 0) {
            why = reason(
              'no_samples',
              RULES.unscorable,
              `${code} 为抽样评价项，但没有检查任何样本，无法评分`,
              `${code} is a sampled item but no samples were checked: it cannot be scored`,
              { node: code },
            );
            break;
          }
          got = points.mul(Rational.int(acc.conforming)).div(Rational.int(acc.checked));
          if (acc.conforming < acc.checked) {
            const nc = acc.checked - acc.conforming;
            lostPoints.push(
              lost(
                e,
                points.sub(got),
                ruleId,
                acc,
                reason(
                  'samples_not_conforming',
                  ruleId,
                  `${code}：${acc.checked} 个样本中 ${nc} 个不符合（合并 ${sources.length} 种来源），得分 ${fmt(points)} × ${acc.conforming}/${acc.checked} = ${fmt(got)}`,
                  `${code}: ${nc} of ${acc.checked} samples non-conforming (pooled over ${sources.length} source(s)): ${fmt(points)} × ${acc.conforming}/${acc.checked} = ${fmt(got)}`,
                  { node: code, checked: acc.checked, conforming: acc.conforming, achieved: got.toNumber() },
                ),
              ),
            );
          }
          break;
        }
        case 'metric': {
          ruleId = RULES.metric;
          const value = acc.value!;
          const bandIndex = method.bands.findIndex(
            (b) => (b.min === undefined || value >= b.min) && (b.max === undefined || value < b.max),
          );
          const band = bandIndex >= 0 ? method.bands[bandIndex]! : null;
          const share = band ? Rational.from(band.share) : Rational.ZERO;
          got = points.mul(share);
          details[e.index] = {
            kind: 'metric',
            value,
            band: band
              ? { index: bandIndex, min: band.min ?? null, max: band.max ?? null, share: share.toNumber() }
              : null,
          };
          if (got.lt(points)) {
            const range = band ? `[${band.min ?? '−∞'}, ${band.max ?? '+∞'})` : '—';
            lostPoints.push(
              lost(
                e,
                points.sub(got),
                ruleId,
                acc,
                reason(
                  band ? 'metric_band' : 'metric_no_band',
                  ruleId,
                  band
                    ? `${code}：${method.metric.title.zh} = ${value}，落入区间 ${range}，得分比例 ${fmt(share)}，得 ${fmt(got)} 分`
                    : `${code}：${method.metric.title.zh} = ${value}，不在任何计分区间，得 0 分`,
                  band
                    ? `${code}: ${method.metric.title.en ?? method.metric.id} = ${value} falls in ${range}, share ${fmt(share)}: ${fmt(got)} points`
                    : `${code}: ${method.metric.title.en ?? method.metric.id} = ${value} is in no band: 0 points`,
                  { node: code, value, share: share.toNumber(), achieved: got.toNumber() },
                ),
              ),
            );
          }
          break;
        }
        case 'staffing': {
          ruleId = RULES.staffing;
          const staff = acc.staff!;
          const managers = acc.managers!;
          const ratio = Rational.from(method.ratio);
          const product = ratio.mul(Rational.int(staff));
          const rounded = product.roundToStep(Rational.ONE, method.requiredRounding);
          const required = rounded.max(Rational.int(method.minimum));
          const have = Rational.int(managers);
          const met = have.gte(required);
          if (met) got = points;
          else if (method.mode === 'allOrNothing') got = Rational.ZERO;
          else got = points.mul(have).div(required);
          details[e.index] = {
            kind: 'staffing',
            serviceManagementStaff: staff,
            certifiedManagers: managers,
            ratio: ratio.toNumber(),
            minimum: method.minimum,
            ratioTimesStaff: product.toNumber(),
            required: required.toNumber(),
            mode: method.mode,
            met,
          };
          if (!met) {
            lostPoints.push(
              lost(
                e,
                points.sub(got),
                ruleId,
                acc,
                reason(
                  'staffing_short',
                  ruleId,
                  `${code}：需售后服务管理师 max(${method.minimum}, ${method.requiredRounding}(${fmt(ratio)} × ${staff})) = ${fmt(required)} 名，实有 ${managers} 名（${method.mode === 'allOrNothing' ? '全有或全无' : '按比例'}），得 ${fmt(got)} 分`,
                  `${code}: required certified service managers max(${method.minimum}, ${method.requiredRounding}(${fmt(ratio)} × ${staff})) = ${fmt(required)}, present ${managers} (${method.mode}): ${fmt(got)} points`,
                  { node: code, required: required.toNumber(), present: managers, achieved: got.toNumber() },
                ),
              ),
            );
          }
          break;
        }
      }
    }

    if (got === null) {
      const w = why!;
      unscorable.push({ node: code, urn: e.node.urn, reason: w });
      if (policy.onUnscorableItem === 'zeroPoints') {
        got = Rational.ZERO;
        lostPoints.push({
          node: code,
          urn: e.node.urn,
          points: points.toNumber(),
          ruleId: RULES.unscorable,
          reason: w,
          evidence: [],
        });
      } else unscorableNode[e.index] = 1;
    }
    achieved[e.index] = got;
  }

  // aggregate bottom-up (reverse pre-order visits children before parents)
  for (let i = nodes.length - 1; i >= 0; i--) {
    const e = nodes[i]!;
    if (e.isLeaf) continue;
    let sum = Rational.ZERO;
    let app = Rational.ZERO;
    let blocked = false;
    for (const c of e.children) {
      if (unscorableNode[c]) blocked = true;
      const a = achieved[c];
      if (a) sum = sum.add(a);
      app = app.add(applicable[c]!);
    }
    if (blocked) unscorableNode[i] = 1;
    applicable[i] = app;
    achieved[i] = excludedBy[i] === -1 ? sum : null;
  }

  // trace of nodes
  const traceNodes: NodeTrace[] = nodes.map((e) => {
    const i = e.index;
    const excluded = excludedBy[i] !== -1;
    const app = applicable[i]!;
    const a = achieved[i];
    const status: NodeTrace['status'] = excluded
      ? 'excluded'
      : unscorableNode[i]
        ? e.isLeaf
          ? 'unscorable'
          : 'partial'
        : 'scored';
    const t: NodeTrace = {
      urn: e.node.urn,
      code: e.node.code,
      level: e.level,
      title: e.node.title,
      isLeaf: e.isLeaf,
      method: e.method?.kind ?? null,
      provisional: !!e.node.provisional,
      maxPoints: max[i]!.toNumber(),
      applicablePoints: app.toNumber(),
      achievedPoints: status === 'scored' && a ? a.toNumber() : null,
      itemScore:
        status === 'scored' && a && !app.isZero() ? a.mul(Rational.int(100)).div(app).toNumber() : null,
      status,
    };
    if (excluded) {
      const ex = exclusions[excludedBy[i]!]!;
      const rootIdx = excludedRoot[i]!;
      t.exclusion = {
        justification: ex.justification,
        ...(ex.approvedBy ? { approvedBy: ex.approvedBy } : {}),
        ...(rootIdx !== i ? { inheritedFrom: nodes[rootIdx]!.node.code } : {}),
      };
      t.ruleId = RULES.exclusion;
    } else if (e.isLeaf) {
      t.ruleId = e.method ? ruleOf(e.method.kind) : RULES.qualitative;
    }
    const d = details[i];
    if (d) t.detail = d;
    return t;
  });

  // ── totals ──
  const root = 0;
  const scale = Rational.from(policy.scale);
  const maxTotal = max[root]!;
  const applicableTotal = applicable[root]!;
  const excludedTotal = maxTotal.sub(applicableTotal);
  let achievedTotal = Rational.ZERO;
  for (const e of nodes)
    if (e.isLeaf && excludedBy[e.index] === -1 && achieved[e.index])
      achievedTotal = achievedTotal.add(achieved[e.index]!);

  const dEach = Rational.from(policy.specialDeduction.points);
  const bEach = Rational.from(policy.specialBonus.points);
  const deductions = input.specialDeductions ?? [];
  const bonuses = input.specialBonuses ?? [];
  const dTotal = dEach.mul(Rational.int(deductions.length));
  const bTotal = bEach.mul(Rational.int(bonuses.length));

  deductions.forEach((d, i) => {
    const target = d.node !== undefined ? resolveNodeRef(idx, d.node) : undefined;
    lostPoints.push({
      node: target?.node.code ?? null,
      urn: target?.node.urn ?? null,
      points: dEach.toNumber(),
      ruleId: RULES.specialDeduction,
      reason: reason(
        'special_deduction',
        RULES.specialDeduction,
        `特别扣分项 ${i + 1}（${policyCategory(pkg, d.category).zh}，不符合项 ${d.finding}）：−${fmt(dEach)} 分，须整改`,
        `Special deduction ${i + 1} (${policyCategory(pkg, d.category).en ?? d.category}, finding ${d.finding}): −${fmt(dEach)} point(s), correction required`,
        { category: d.category, finding: d.finding },
      ),
      evidence: [d.finding, ...(d.evidence ?? [])],
    });
  });

  const steps: Reason[] = [];
  const reasons: Reason[] = [];
  const roundingPolicy = policy.rounding;
  const common = {
    engineVersion: SCORING_ENGINE_VERSION,
    scheme: { urn: pkg.urn, version: pkg.version, contentHash: scheme.contentHash },
    evaluationId: input.id ?? null,
    rounding: {
      decimals: roundingPolicy.decimals,
      mode: roundingPolicy.mode,
      compareOn: roundingPolicy.compareOn,
    },
    exclusions: exclusions.map((ex) => {
      const t = resolveNodeRef(idx, ex.node)!;
      return {
        node: t.node.code,
        urn: t.node.urn,
        points: max[t.index]!.toNumber(),
        justification: ex.justification,
        ...(ex.approvedBy ? { approvedBy: ex.approvedBy } : {}),
      };
    }),
    specialDeductions: deductions.map((d) => ({
      id: d.id ?? null,
      category: d.category,
      categoryTitle: policyCategory(pkg, d.category),
      finding: d.finding,
      description: d.description ?? null,
      node: d.node ? (resolveNodeRef(idx, d.node)?.node.code ?? d.node) : null,
      points: dEach.toNumber(),
      correctionRequired: policy.specialDeduction.requiresCorrection,
    })),
    specialBonuses: bonuses.map((b) => ({
      id: b.id ?? null,
      justification: b.justification,
      node: b.node ? (resolveNodeRef(idx, b.node)?.node.code ?? b.node) : null,
      points: bEach.toNumber(),
    })),
    correctionsRequired: policy.specialDeduction.requiresCorrection ? deductions.map((d) => d.finding) : [],
    unscorable,
  };

  steps.push(
    reason(
      'applicable_points',
      RULES.exclusion,
      `涉及项分值 = ${fmt(maxTotal)} − 删减 ${fmt(excludedTotal)} = ${fmt(applicableTotal)}`,
      `Applicable points = ${fmt(maxTotal)} − excluded ${fmt(excludedTotal)} = ${fmt(applicableTotal)}`,
      {
        max: maxTotal.toNumber(),
        excluded: excludedTotal.toNumber(),
        applicable: applicableTotal.toNumber(),
      },
    ),
  );

  const incomplete = unscorableNode[root] === 1;
  if (incomplete) {
    for (const u of unscorable) reasons.push(u.reason);
    reasons.unshift(
      reason(
        'evaluation_incomplete',
        RULES.unscorable,
        `评价不完整：${unscorable.length} 个评价项无法评分，不计算总分和等级`,
        `Evaluation incomplete: ${unscorable.length} item(s) cannot be scored, so no score or level is given`,
        { count: unscorable.length },
      ),
    );
    return ordered({
      ...common,
      status: 'incomplete',
      totals: {
        maxPoints: maxTotal.toNumber(),
        excludedPoints: excludedTotal.toNumber(),
        applicablePoints: applicableTotal.toNumber(),
        achievedPoints: achievedTotal.toNumber(),
        normalisedScore: null,
        specialDeductions: {
          count: deductions.length,
          pointsEach: dEach.toNumber(),
          total: dTotal.toNumber(),
        },
        specialBonus: { count: bonuses.length, pointsEach: bEach.toNumber(), total: bTotal.toNumber() },
        unroundedScore: null,
        score: null,
        scoreText: null,
        exact: {
          achieved: achievedTotal.toString(),
          applicable: applicableTotal.toString(),
          normalised: null,
          unrounded: null,
        },
      },
      outcome: { passed: null, level: null, cappedFrom: null, reasons },
      trace: { nodes: traceNodes, lostPoints, steps },
    });
  }

  const normalised = achievedTotal.mul(scale).div(applicableTotal);
  const unrounded =
    policy.specialItemsApplied === 'afterNormalisation'
      ? normalised.sub(dTotal).add(bTotal)
      : achievedTotal.sub(dTotal).add(bTotal).mul(scale).div(applicableTotal);
  steps.push(
    reason(
      'normalised_score',
      RULES.normalisation,
      `归一化得分 = 实得 ${fmt(achievedTotal)} ÷ 涉及项分值 ${fmt(applicableTotal)} × ${fmt(scale)} = ${fmt(normalised)}`,
      `Normalised score = achieved ${fmt(achievedTotal)} ÷ applicable ${fmt(applicableTotal)} × ${fmt(scale)} = ${fmt(normalised)}`,
      {
        achieved: achievedTotal.toNumber(),
        applicable: applicableTotal.toNumber(),
        normalised: normalised.toNumber(),
      },
    ),
  );
  steps.push(
    policy.specialItemsApplied === 'afterNormalisation'
      ? reason(
          'special_items',
          RULES.specialDeduction,
          `特别项（归一化之后）：${fmt(normalised)} − ${deductions.length} × ${fmt(dEach)} + ${bonuses.length} × ${fmt(bEach)} = ${fmt(unrounded)}`,
          `Special items (after normalisation): ${fmt(normalised)} − ${deductions.length} × ${fmt(dEach)} + ${bonuses.length} × ${fmt(bEach)} = ${fmt(unrounded)}`,
          { deductions: deductions.length, bonuses: bonuses.length, unrounded: unrounded.toNumber() },
        )
      : reason(
          'special_items',
          RULES.specialDeduction,
          `特别项（归一化之前）：(${fmt(achievedTotal)} − ${fmt(dTotal)} + ${fmt(bTotal)}) ÷ ${fmt(applicableTotal)} × ${fmt(scale)} = ${fmt(unrounded)}`,
          `Special items (before normalisation): (${fmt(achievedTotal)} − ${fmt(dTotal)} + ${fmt(bTotal)}) ÷ ${fmt(applicableTotal)} × ${fmt(scale)} = ${fmt(unrounded)}`,
          { deductions: deductions.length, bonuses: bonuses.length, unrounded: unrounded.toNumber() },
        ),
  );

  const rounded =
    roundingPolicy.mode === 'none'
      ? unrounded
      : unrounded.round(roundingPolicy.decimals, roundingPolicy.mode);
  const scoreText =
    roundingPolicy.mode === 'none' ? fmt(unrounded) : rounded.toFixed(roundingPolicy.decimals);
  steps.push(
    reason(
      'rounding',
      RULES.rounding,
      roundingPolicy.mode === 'none'
        ? `不舍入：最终得分 ${scoreText}`
        : `舍入（${roundingPolicy.decimals} 位小数，${roundingPolicy.mode}）：${fmt(unrounded)} → ${scoreText}；等级以${roundingPolicy.compareOn === 'rounded' ? '舍入后' : '舍入前'}得分判定`,
      roundingPolicy.mode === 'none'
        ? `No rounding: final score ${scoreText}`
        : `Rounding (${roundingPolicy.decimals} decimal(s), ${roundingPolicy.mode}): ${fmt(unrounded)} → ${scoreText}; thresholds compared on the ${roundingPolicy.compareOn} score`,
      { unrounded: unrounded.toNumber(), score: rounded.toNumber() },
    ),
  );
  const compared = roundingPolicy.compareOn === 'rounded' ? rounded : unrounded;
  const comparedText = roundingPolicy.compareOn === 'rounded' ? scoreText : fmt(unrounded);

  // ── grading ──
  const levels = grading.levels;
  const passMark = levels[0]!;
  const failReasons: Reason[] = [];
  if (compared.lt(Rational.from(passMark.minScore))) {
    failReasons.push(
      reason(
        'below_pass_mark',
        RULES.passMark,
        `不通过：得分 ${comparedText} 低于${passMark.title.zh}分数线 ${passMark.minScore}`,
        `Fail: score ${comparedText} is below the pass mark ${passMark.minScore} (${passMark.title.en ?? passMark.id})`,
        { score: compared.toNumber(), passMark: passMark.minScore },
      ),
    );
  }
  const failCount = policy.specialDeduction.failCount;
  if (deductions.length >= failCount) {
    failReasons.push(
      reason(
        'special_deductions_fail',
        RULES.failCount,
        `不通过：特别扣分项 ${deductions.length} 项，达到不通过数量 ${failCount}`,
        `Fail: ${deductions.length} special deductions reach the fail count of ${failCount}`,
        { count: deductions.length, failCount },
      ),
    );
  }

  let level: GradeLevel | null = null;
  let cappedFrom: GradeLevel | null = null;
  if (failReasons.length === 0) {
    for (const l of levels) if (compared.gte(Rational.from(l.minScore))) level = l;
    const reached = level!;
    const next = levels[levels.indexOf(reached) + 1];
    reasons.push(
      reason(
        'level_reached',
        RULES.level,
        `得分 ${comparedText} ≥ ${reached.minScore}，评为${reached.title.zh}${next ? `（${next.title.zh}需 ≥ ${next.minScore}）` : ''}`,
        `Score ${comparedText} ≥ ${reached.minScore}: ${reached.title.en ?? reached.id}${next ? ` (${next.title.en ?? next.id} needs ≥ ${next.minScore})` : ''}`,
        { level: reached.id, score: compared.toNumber(), minScore: reached.minScore },
      ),
    );
    if (deductions.length > 0) {
      reasons.push(
        reason(
          'special_deductions_below_fail_count',
          RULES.failCount,
          `特别扣分项 ${deductions.length} 项，少于不通过数量 ${failCount}；${policy.specialDeduction.requiresCorrection ? '均须整改' : ''}`,
          `${deductions.length} special deduction(s), fewer than the fail count of ${failCount}${policy.specialDeduction.requiresCorrection ? '; each must be corrected' : ''}`,
          { count: deductions.length, failCount },
        ),
      );
    }
    const cap = grading.starsAfterCompliance;
    if (cap.enabled && reached.stars > 0) {
      const months = input.context?.monthsAtCompliant ?? null;
      const outstanding = input.context?.outstanding;
      const longEnough = months !== null && months >= cap.months;
      if (!longEnough && cap.outstandingOverride && outstanding) {
        reasons.push(
          reason(
            'stars_outstanding_override',
            RULES.starsAfterCompliance,
            `保持无星级 ${months ?? 0} 个月，不足 ${cap.months} 个月，但结果突出（${outstanding.justification}），直接授予星级`,
            `${months ?? 0} month(s) at a level without stars, fewer than ${cap.months}, but the result is outstanding (${outstanding.justification}): stars awarded`,
            { months, required: cap.months },
          ),
        );
      } else if (!longEnough) {
        const capped =
          [...levels].reverse().find((l) => l.stars === 0 && compared.gte(Rational.from(l.minScore))) ??
          passMark;
        cappedFrom = reached;
        level = capped;
        reasons.push(
          reason(
            'stars_capped',
            RULES.starsAfterCompliance,
            `机构政策：须保持${capped.title.zh} ${cap.months} 个月后方可评星（当前 ${months ?? 0} 个月）${cap.outstandingOverride ? '，结果突出者除外' : ''}；等级由${reached.title.zh}限定为${capped.title.zh}`,
            `Body policy: stars only after ${cap.months} months at ${capped.title.en ?? capped.id} (now ${months ?? 0})${cap.outstandingOverride ? ', unless outstanding' : ''}; level capped from ${reached.title.en ?? reached.id} to ${capped.title.en ?? capped.id}`,
            { months, required: cap.months, from: reached.id, to: capped.id },
          ),
        );
      }
    }
  } else {
    reasons.push(...failReasons);
  }

  const levelOut = (l: GradeLevel | null) => (l ? { id: l.id, title: l.title, stars: l.stars } : null);
  return ordered({
    ...common,
    status: 'scored',
    totals: {
      maxPoints: maxTotal.toNumber(),
      excludedPoints: excludedTotal.toNumber(),
      applicablePoints: applicableTotal.toNumber(),
      achievedPoints: achievedTotal.toNumber(),
      normalisedScore: normalised.toNumber(),
      specialDeductions: { count: deductions.length, pointsEach: dEach.toNumber(), total: dTotal.toNumber() },
      specialBonus: { count: bonuses.length, pointsEach: bEach.toNumber(), total: bTotal.toNumber() },
      unroundedScore: unrounded.toNumber(),
      score: rounded.toNumber(),
      scoreText,
      exact: {
        achieved: achievedTotal.toString(),
        applicable: applicableTotal.toString(),
        normalised: normalised.toString(),
        unrounded: unrounded.toString(),
      },
    },
    outcome: {
      passed: failReasons.length === 0,
      level: levelOut(level),
      cappedFrom: levelOut(cappedFrom),
      reasons,
    },
    trace: { nodes: traceNodes, lostPoints, steps },
  });
}

/** The result with its keys in reading order: outcome first, then the inputs it used, then the trace. */
function ordered(r: EvaluationResult): EvaluationResult {
  return {
    engineVersion: r.engineVersion,
    scheme: r.scheme,
    evaluationId: r.evaluationId,
    status: r.status,
    totals: r.totals,
    rounding: r.rounding,
    outcome: r.outcome,
    exclusions: r.exclusions,
    specialDeductions: r.specialDeductions,
    specialBonuses: r.specialBonuses,
    correctionsRequired: r.correctionsRequired,
    unscorable: r.unscorable,
    trace: r.trace,
  };
}

function ruleOf(kind: MethodKind): string {
  return kind === 'qualitative'
    ? RULES.qualitative
    : kind === 'sampled'
      ? RULES.sampled
      : kind === 'metric'
        ? RULES.metric
        : RULES.staffing;
}

function policyCategory(pkg: SchemePackage, id: string) {
  return (
    pkg.policies.scoring.specialDeduction.categories.find((c) => c.id === id)?.title ?? { zh: id, en: id }
  );
}

function lost(e: IndexedNode, points: Rational, ruleId: string, acc: LeafAcc, why: Reason): LostPoints {
  return {
    node: e.node.code,
    urn: e.node.urn,
    points: points.toNumber(),
    ruleId,
    reason: why,
    evidence:
      acc.lossEvidence.length > 0 || acc.evidence.length > 0 ? [...acc.lossEvidence, ...acc.evidence] : [],
  };
}
