/**
 * Outlet sampling for an evaluation: how many outlets (a rule per audit stage, e.g. ⌈√n⌉, ⌈0.6·√n⌉,
 * ⌈0.8·√n⌉), and which ones — stratified by region and owned/contracted, a share drawn at random from a seed
 * and the rest chosen by risk (earlier findings, complaints, new outlets). Headquarters are always evaluated.
 * Every number comes from the scheme's sampling policy; every selection records why it was made.
 */
import { DomainError, type DomainIssue } from '../errors.ts';
import { Rational, roundFactorTimesSqrt } from '../schemes/exact.ts';
import type { AuditStage, LocalizedText, SamplingPolicy } from '../schemes/package-schema.ts';
import { createPrng, PRNG_NAME, shuffled, type Prng } from './prng.ts';

export interface OutletCandidate {
  id: string;
  region: string;
  ownership: 'owned' | 'contracted';
  /** Headquarters (or the central function) is always evaluated and is not part of n. */
  headquarters?: boolean;
  risk?: { earlierFindings?: number; complaints?: number; isNew?: boolean };
}

export interface OutletSampleInput {
  stage: AuditStage;
  /** Recorded with the sample; the same seed and outlets give the same sample. */
  seed: string | number;
  outlets: readonly OutletCandidate[];
}

export interface OutletSelection {
  outletId: string;
  reason: 'headquarters' | 'risk' | 'random';
  stratum: string | null;
  riskScore: number;
  why: LocalizedText;
}

export interface SampleSizeResult {
  stage: AuditStage;
  population: number;
  factor: string;
  rounding: string;
  minimumOutlets: number;
  /** round(factor × √n) before the minimum and the cap at n */
  computed: number;
  sampleSize: number;
  why: LocalizedText;
}

export interface OutletSample {
  stage: AuditStage;
  seed: string;
  prng: string;
  size: SampleSizeResult;
  plannedRandom: number;
  plannedRisk: number;
  headquarters: string[];
  strata: {
    key: string;
    region: string | null;
    ownership: string | null;
    population: number;
    allocated: number;
    byRisk: number;
    atRandom: number;
  }[];
  /** Headquarters first, then risk picks by rank, then random picks by stratum. */
  selections: OutletSelection[];
  justification: LocalizedText[];
}

/**
 * Sample size for a stage: max(minimumOutlets, round(factor × √n)), never more than n; 0 when n = 0.
 */
export function outletSampleSize(
  policy: SamplingPolicy,
  stage: AuditStage,
  population: number,
): SampleSizeResult {
  if (!Number.isSafeInteger(population) || population < 0) {
    throw new DomainError('invalid_population', 'The number of outlets must be a whole number ≥ 0', {
      details: { path: 'outlets' },
    });
  }
  const rule = policy.stages[stage];
  const factor = Rational.from(rule.factor);
  const computed = roundFactorTimesSqrt(factor, population, rule.rounding);
  const sampleSize = population === 0 ? 0 : Math.min(population, Math.max(policy.minimumOutlets, computed));
  const f = factor.toString();
  return {
    stage,
    population,
    factor: f,
    rounding: rule.rounding,
    minimumOutlets: policy.minimumOutlets,
    computed,
    sampleSize,
    why: {
      zh: `${stageZh(stage)}：${rule.rounding}(${f} × √${population}) = ${computed}，至少 ${policy.minimumOutlets} 个，不超过 ${population} 个 → 抽取 ${sampleSize} 个网点`,
      en: `${stage}: ${rule.rounding}(${f} × √${population}) = ${computed}, at least ${policy.minimumOutlets}, at most ${population} → ${sampleSize} outlet(s)`,
    },
  };
}

function stageZh(stage: AuditStage): string {
  return stage === 'initial' ? '初次认证' : stage === 'surveillance' ? '监督评价' : '再认证';
}

function riskOf(policy: SamplingPolicy, o: OutletCandidate) {
  const findings = o.risk?.earlierFindings ?? 0;
  const complaints = o.risk?.complaints ?? 0;
  const isNew = o.risk?.isNew ?? false;
  const w = policy.riskWeights;
  const score = findings * w.earlierFinding + complaints * w.complaint + (isNew ? w.newOutlet : 0);
  return { findings, complaints, isNew, score };
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Draws the outlet sample. Pure: the PRNG is seeded from `input.seed`, and outlets are ordered by id first,
 * so the input order does not matter.
 * @throws DomainError `duplicate_outlet_id`, `invalid_risk`
 */
export function drawOutletSample(policy: SamplingPolicy, input: OutletSampleInput): OutletSample {
  const issues: DomainIssue[] = [];
  const seen = new Set<string>();
  input.outlets.forEach((o, i) => {
    if (seen.has(o.id))
      issues.push({
        code: 'duplicate_outlet_id',
        path: `outlets[${i}].id`,
        message: `Outlet ${o.id} is listed twice`,
      });
    seen.add(o.id);
    const r = o.risk;
    for (const k of ['earlierFindings', 'complaints'] as const) {
      const v = r?.[k];
      if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
        issues.push({
          code: 'invalid_risk',
          path: `outlets[${i}].risk.${k}`,
          message: `${k} must be a whole number ≥ 0`,
        });
      }
    }
  });
  if (issues.length > 0) throw DomainError.fromIssues(issues, 'The outlet list is invalid');

  const prng = createPrng(input.seed);
  const sorted = [...input.outlets].sort((a, b) => byCodeUnit(a.id, b.id));
  const hq = policy.headquartersAlways ? sorted.filter((o) => o.headquarters) : [];
  const pool = sorted.filter((o) => !(policy.headquartersAlways && o.headquarters));
  const size = outletSampleSize(policy, input.stage, pool.length);
  const justification: LocalizedText[] = [size.why];

  const selections: OutletSelection[] = hq.map((o) => ({
    outletId: o.id,
    reason: 'headquarters',
    stratum: null,
    riskScore: riskOf(policy, o).score,
    why: { zh: '总部始终评价', en: 'Headquarters are always evaluated' },
  }));

  // strata
  const keyOf = (o: OutletCandidate): string =>
    policy.stratifyBy.length === 0
      ? 'all'
      : policy.stratifyBy.map((f) => (f === 'region' ? o.region : o.ownership)).join(' / ');
  const strataMap = new Map<string, OutletCandidate[]>();
  for (const o of pool) {
    const k = keyOf(o);
    const list = strataMap.get(k);
    if (list) list.push(o);
    else strataMap.set(k, [o]);
  }
  const keys = [...strataMap.keys()].sort(byCodeUnit);
  const allocation = allocate(
    keys.map((k) => strataMap.get(k)!.length),
    size.sampleSize,
    policy.coverEveryStratum,
    prng,
  );
  const quota = new Map(keys.map((k, i) => [k, allocation[i]!]));
  justification.push({
    zh: `分层（${policy.stratifyBy.length ? policy.stratifyBy.map((f) => (f === 'region' ? '地区' : '自营/委托')).join('、') : '不分层'}）：${keys.map((k) => `${k} ${quota.get(k)}/${strataMap.get(k)!.length}`).join('；')}`,
    en: `Strata (${policy.stratifyBy.length ? policy.stratifyBy.join(', ') : 'none'}): ${keys.map((k) => `${k} ${quota.get(k)}/${strataMap.get(k)!.length}`).join('; ')}`,
  });

  // random / risk split
  const share = Rational.from(policy.randomShare);
  const plannedRandom = Number(
    share.mul(Rational.int(size.sampleSize)).roundToStep(Rational.ONE, policy.shareRounding).n,
  );
  const plannedRisk = size.sampleSize - plannedRandom;
  justification.push({
    zh: `随机比例 ${share.toString()}：随机 ${plannedRandom} 个，按风险 ${plannedRisk} 个`,
    en: `Random share ${share.toString()}: ${plannedRandom} at random, ${plannedRisk} by risk`,
  });

  // risk phase: rank every outlet with a positive risk score; ties broken at random (seeded)
  const tieBreak = new Map(shuffled(pool, prng).map((o, i) => [o.id, i]));
  const ranked = pool
    .map((o) => ({ o, r: riskOf(policy, o) }))
    .filter((x) => x.r.score > 0)
    .sort((a, b) => b.r.score - a.r.score || tieBreak.get(a.o.id)! - tieBreak.get(b.o.id)!);
  const chosen = new Set<string>();
  const usedQuota = new Map(keys.map((k) => [k, 0]));
  const stats = new Map(keys.map((k) => [k, { byRisk: 0, atRandom: 0 }]));
  let riskPicked = 0;
  for (const { o, r } of ranked) {
    if (riskPicked >= plannedRisk) break;
    const k = keyOf(o);
    if (usedQuota.get(k)! >= quota.get(k)!) continue;
    usedQuota.set(k, usedQuota.get(k)! + 1);
    stats.get(k)!.byRisk++;
    chosen.add(o.id);
    riskPicked++;
    const parts = [
      r.findings
        ? {
            zh: `既往不符合 ${r.findings} × ${policy.riskWeights.earlierFinding}`,
            en: `earlier findings ${r.findings} × ${policy.riskWeights.earlierFinding}`,
          }
        : null,
      r.complaints
        ? {
            zh: `投诉 ${r.complaints} × ${policy.riskWeights.complaint}`,
            en: `complaints ${r.complaints} × ${policy.riskWeights.complaint}`,
          }
        : null,
      r.isNew
        ? { zh: `新网点 ${policy.riskWeights.newOutlet}`, en: `new outlet ${policy.riskWeights.newOutlet}` }
        : null,
    ].filter((p) => p !== null);
    selections.push({
      outletId: o.id,
      reason: 'risk',
      stratum: k,
      riskScore: r.score,
      why: {
        zh: `按风险选取（第 ${riskPicked} 位）：风险分 ${r.score}（${parts.map((p) => p.zh).join('，')}），分层 ${k}`,
        en: `Chosen by risk (rank ${riskPicked}): risk score ${r.score} (${parts.map((p) => p.en).join(', ')}), stratum ${k}`,
      },
    });
  }
  if (riskPicked < plannedRisk) {
    justification.push({
      zh: `有风险的网点不足（或其分层名额已满）：按风险仅选 ${riskPicked} 个，其余 ${plannedRisk - riskPicked} 个随机抽取`,
      en: `Not enough risky outlets (or their strata are full): ${riskPicked} chosen by risk, the other ${plannedRisk - riskPicked} at random`,
    });
  }

  // random phase: fill every stratum's remaining quota by a seeded shuffle
  for (const k of keys) {
    const need = quota.get(k)! - usedQuota.get(k)!;
    if (need <= 0) continue;
    const candidates = strataMap.get(k)!.filter((o) => !chosen.has(o.id));
    const drawn = shuffled(candidates, prng).slice(0, need);
    for (const o of drawn) {
      chosen.add(o.id);
      stats.get(k)!.atRandom++;
      selections.push({
        outletId: o.id,
        reason: 'random',
        stratum: k,
        riskScore: riskOf(policy, o).score,
        why: {
          zh: `随机抽取：分层 ${k} 的 ${candidates.length} 个候选中抽取（种子 ${String(input.seed)}）`,
          en: `Drawn at random from ${candidates.length} candidate(s) in stratum ${k} (seed ${String(input.seed)})`,
        },
      });
    }
  }

  return {
    stage: input.stage,
    seed: String(input.seed),
    prng: PRNG_NAME,
    size,
    plannedRandom,
    plannedRisk,
    headquarters: hq.map((o) => o.id),
    strata: keys.map((k) => {
      const first = strataMap.get(k)![0]!;
      return {
        key: k,
        region: policy.stratifyBy.includes('region') ? first.region : null,
        ownership: policy.stratifyBy.includes('ownership') ? first.ownership : null,
        population: strataMap.get(k)!.length,
        allocated: quota.get(k)!,
        byRisk: stats.get(k)!.byRisk,
        atRandom: stats.get(k)!.atRandom,
      };
    }),
    selections,
    justification,
  };
}

/**
 * Allocates `size` over strata of the given populations: one per stratum first when `coverEvery` and the
 * sample is large enough, the rest in proportion (largest remainder; ties broken at random).
 */
function allocate(populations: number[], size: number, coverEvery: boolean, prng: Prng): number[] {
  const S = populations.length;
  const out = new Array<number>(S).fill(0);
  if (size === 0 || S === 0) return out;
  let remaining = size;
  let weights = populations;
  if (coverEvery && size >= S) {
    out.fill(1);
    remaining -= S;
    weights = populations.map((p) => p - 1);
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (remaining === 0 || totalWeight === 0) return out;
  const order = shuffled(
    populations.map((_, i) => i),
    prng,
  );
  const rank = new Map(order.map((i, r) => [i, r]));
  const rem: { i: number; frac: Rational }[] = [];
  let given = 0;
  weights.forEach((w, i) => {
    const q = Rational.int(remaining).mul(Rational.int(w)).div(Rational.int(totalWeight));
    const fl = Number(q.floor());
    out[i]! += fl;
    given += fl;
    rem.push({ i, frac: q.sub(Rational.int(fl)) });
  });
  rem.sort(
    (a, b) => b.frac.cmp(a.frac) || populations[b.i]! - populations[a.i]! || rank.get(a.i)! - rank.get(b.i)!,
  );
  for (let k = 0; k < remaining - given; k++) out[rem[k]!.i]! += 1;
  return out;
}
