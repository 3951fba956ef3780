/**
 * Validation of a scheme package: the zod shape first, then the rules a shape cannot express
 * (children's points add up to the parent, unique URNs and codes, the root not excludable, methods and
 * techniques consistent, policies coherent). Issues carry the path inside the package so that an adapter
 * can point at the YAML line (`yaml`'s `doc.getIn(path, true).range`).
 */
import type { z } from 'zod';
import { formatPath } from '../errors.ts';
import { Rational } from './exact.ts';
import type { EvidenceTechnique, IndicatorNode, SchemePackage } from './package-schema.ts';
import { SchemePackageSchema } from './package-schema.ts';
import { indexSchemeTree } from './tree.ts';

export interface SchemeIssue {
  severity: 'error' | 'warning';
  /** Stable snake_case code, e.g. `children_points_mismatch`. */
  code: string;
  path: (string | number)[];
  /** `tree.children[0].points` */
  pathText: string;
  message: string;
  details?: Record<string, unknown>;
}

export type SchemeValidation =
  | { ok: true; package: SchemePackage; issues: SchemeIssue[] }
  | { ok: false; package: SchemePackage | undefined; issues: SchemeIssue[] };

/** Techniques that produce countable samples for a sampled item. */
export const SAMPLING_TECHNIQUES: readonly EvidenceTechnique[] = [
  'onSiteHQ',
  'onSiteOutlet',
  'mysteryVisit',
  'customerSurvey',
  'recordSample',
];

function issue(
  severity: SchemeIssue['severity'],
  code: string,
  path: (string | number)[],
  message: string,
  details?: Record<string, unknown>,
): SchemeIssue {
  return { severity, code, path, pathText: formatPath(path), message, ...(details ? { details } : {}) };
}

function fromZod(error: z.ZodError): SchemeIssue[] {
  return error.issues.map((i) =>
    issue(
      'error',
      'schema_violation',
      i.path.map((p) => (typeof p === 'number' ? p : String(p))),
      i.message,
      {
        zodCode: i.code,
      },
    ),
  );
}

/**
 * Validates a package (parsed YAML/JSON). `ok` is true when there is no error; warnings do not block
 * publishing.
 */
export function validateSchemePackage(input: unknown): SchemeValidation {
  const parsed = SchemePackageSchema.safeParse(input);
  if (!parsed.success) return { ok: false, package: undefined, issues: fromZod(parsed.error) };
  const pkg = parsed.data;
  const issues = checkSchemeRules(pkg);
  const ok = !issues.some((i) => i.severity === 'error');
  return ok ? { ok: true, package: pkg, issues } : { ok: false, package: pkg, issues };
}

/** The semantic rules, for a package that already has the right shape. */
export function checkSchemeRules(pkg: SchemePackage): SchemeIssue[] {
  const issues: SchemeIssue[] = [];
  const idx = indexSchemeTree(pkg);

  // unique URNs (package and nodes) and codes
  const seenUrn = new Map<string, (string | number)[]>([[pkg.urn, ['urn']]]);
  const seenCode = new Map<string, (string | number)[]>();
  for (const entry of idx.nodes) {
    const { node, path } = entry;
    const firstUrn = seenUrn.get(node.urn);
    if (firstUrn) {
      issues.push(
        issue(
          'error',
          'duplicate_urn',
          [...path, 'urn'],
          `URN ${node.urn} is already used at ${formatPath(firstUrn)}`,
          {
            urn: node.urn,
            firstPath: formatPath(firstUrn),
          },
        ),
      );
    } else seenUrn.set(node.urn, [...path, 'urn']);
    const firstCode = seenCode.get(node.code);
    if (firstCode) {
      issues.push(
        issue(
          'error',
          'duplicate_code',
          [...path, 'code'],
          `Code ${node.code} is already used at ${formatPath(firstCode)}`,
          {
            code: node.code,
            firstPath: formatPath(firstCode),
          },
        ),
      );
    } else seenCode.set(node.code, [...path, 'code']);
  }

  // root
  if (pkg.tree.excludable) {
    issues.push(
      issue('error', 'root_excludable', ['tree', 'excludable'], 'The root node may not be excludable'),
    );
  }

  for (const entry of idx.nodes) {
    checkNode(entry.node, entry.path as (string | number)[], entry.isLeaf, entry.parent, idx.nodes, issues);
  }

  checkPolicies(pkg, issues);
  return issues;
}

function checkNode(
  node: IndicatorNode,
  path: (string | number)[],
  isLeaf: boolean,
  parentIndex: number,
  all: readonly { node: IndicatorNode }[],
  issues: SchemeIssue[],
): void {
  const points = Rational.from(node.points);
  if (!points.gt(Rational.ZERO)) {
    issues.push(
      issue('error', 'points_not_positive', [...path, 'points'], `Node ${node.code} must have points > 0`),
    );
  }
  const parent = parentIndex >= 0 ? all[parentIndex]?.node : undefined;
  if (parent && !node.code.startsWith(`${parent.code}.`)) {
    issues.push(
      issue(
        'warning',
        'code_outside_parent',
        [...path, 'code'],
        `Code ${node.code} does not extend parent code ${parent.code}`,
      ),
    );
  }

  if (!isLeaf) {
    const kids = node.children ?? [];
    const sum = kids.reduce((acc, c) => acc.add(Rational.from(c.points)), Rational.ZERO);
    if (!sum.eq(points)) {
      issues.push(
        issue(
          'error',
          'children_points_mismatch',
          [...path, 'points'],
          `Children of ${node.code} add up to ${sum.toNumber()} points, not ${node.points}`,
          { expected: node.points, actual: sum.toNumber(), node: node.code },
        ),
      );
    }
    if (node.method) {
      issues.push(
        issue(
          'error',
          'method_on_internal_node',
          [...path, 'method'],
          `Node ${node.code} has children; only leaves have a method`,
        ),
      );
    }
    return;
  }

  // leaves
  const techniques = node.techniques ?? [];
  if (techniques.length === 0) {
    issues.push(
      issue(
        'error',
        'techniques_missing',
        [...path, 'techniques'],
        `Leaf ${node.code} must list the techniques that may feed it`,
      ),
    );
  }
  const dup = techniques.find((t, i) => techniques.indexOf(t) !== i);
  if (dup)
    issues.push(
      issue('error', 'duplicate_technique', [...path, 'techniques'], `Technique ${dup} is listed twice`),
    );

  const method = node.method;
  if (
    method?.kind === 'sampled' &&
    techniques.length > 0 &&
    !techniques.some((t) => SAMPLING_TECHNIQUES.includes(t))
  ) {
    issues.push(
      issue(
        'error',
        'sampled_without_sampling_technique',
        [...path, 'techniques'],
        `Sampled item ${node.code} needs a technique that checks samples (${SAMPLING_TECHNIQUES.join(', ')})`,
      ),
    );
  }
  if (method?.kind === 'metric') {
    const bands = method.bands;
    bands.forEach((band, i) => {
      const bpath = [...path, 'method', 'bands', i];
      const share = Rational.from(band.share);
      if (share.lt(Rational.ZERO) || share.gt(Rational.ONE)) {
        issues.push(
          issue('error', 'metric_share_out_of_range', [...bpath, 'share'], 'A band share must be within 0…1'),
        );
      }
      if (band.min !== undefined && band.max !== undefined && !(band.min < band.max)) {
        issues.push(issue('error', 'metric_band_empty', bpath, `Band ${i} has min ≥ max`));
      }
    });
    // non-overlapping: sort by lower bound and check each upper bound ≤ the next lower bound
    const sorted = bands
      .map((b, i) => ({ lo: b.min ?? -Infinity, hi: b.max ?? Infinity, i }))
      .sort((a, b) => a.lo - b.lo);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!;
      const cur = sorted[k]!;
      if (prev.hi > cur.lo) {
        issues.push(
          issue(
            'error',
            'metric_bands_overlap',
            [...path, 'method', 'bands', cur.i],
            `Bands ${prev.i} and ${cur.i} overlap`,
          ),
        );
      }
    }
    if (method.range && !(method.range.min <= method.range.max)) {
      issues.push(
        issue('error', 'metric_range_invalid', [...path, 'method', 'range'], 'range.min must be ≤ range.max'),
      );
    }
  }
  if (method?.kind === 'staffing') {
    const ratio = Rational.from(method.ratio);
    if (!ratio.gt(Rational.ZERO) || ratio.gt(Rational.ONE)) {
      issues.push(
        issue(
          'error',
          'staffing_ratio_out_of_range',
          [...path, 'method', 'ratio'],
          'The ratio must be within (0, 1]',
        ),
      );
    }
  }
}

function checkPolicies(pkg: SchemePackage, issues: SchemeIssue[]): void {
  const { scoring, grading, sampling, effort } = pkg.policies;
  const levels = grading.levels;
  const ids = new Set<string>();
  levels.forEach((level, i) => {
    const p = ['policies', 'grading', 'levels', i];
    if (ids.has(level.id))
      issues.push(issue('error', 'duplicate_level', [...p, 'id'], `Level ${level.id} is defined twice`));
    ids.add(level.id);
    const prev = levels[i - 1];
    if (prev && !(level.minScore > prev.minScore)) {
      issues.push(
        issue(
          'error',
          'grading_levels_not_ascending',
          [...p, 'minScore'],
          'Levels must have strictly ascending minScore',
        ),
      );
    }
    if (level.minScore < 0 || level.minScore > scoring.scale) {
      issues.push(
        issue(
          'error',
          'level_out_of_scale',
          [...p, 'minScore'],
          `minScore must be within 0…${scoring.scale}`,
        ),
      );
    }
  });
  const cats = new Set<string>();
  scoring.specialDeduction.categories.forEach((c, i) => {
    if (cats.has(c.id)) {
      issues.push(
        issue(
          'error',
          'duplicate_category',
          ['policies', 'scoring', 'specialDeduction', 'categories', i, 'id'],
          `Category ${c.id} is defined twice`,
        ),
      );
    }
    cats.add(c.id);
  });

  const share = Rational.from(sampling.randomShare);
  if (share.lt(Rational.ZERO) || share.gt(Rational.ONE)) {
    issues.push(
      issue(
        'error',
        'random_share_out_of_range',
        ['policies', 'sampling', 'randomShare'],
        'randomShare must be within 0…1',
      ),
    );
  }
  for (const stage of ['initial', 'surveillance', 'recertification'] as const) {
    if (!Rational.from(sampling.stages[stage].factor).gt(Rational.ZERO)) {
      issues.push(
        issue(
          'error',
          'sample_factor_not_positive',
          ['policies', 'sampling', 'stages', stage, 'factor'],
          'factor must be > 0',
        ),
      );
    }
    if (Rational.from(effort.stageFractions[stage]).lt(Rational.ZERO)) {
      issues.push(
        issue(
          'error',
          'stage_fraction_negative',
          ['policies', 'effort', 'stageFractions', stage],
          'fraction must be ≥ 0',
        ),
      );
    }
  }
  checkOpenEndedTable(
    effort.baseTable.map((r) => r.maxEmployees),
    ['policies', 'effort', 'baseTable'],
    'maxEmployees',
    issues,
  );
  const sizes = new Set<string>();
  effort.baseTable.forEach((r, i) => {
    if (sizes.has(r.size)) {
      issues.push(
        issue(
          'error',
          'duplicate_size',
          ['policies', 'effort', 'baseTable', i, 'size'],
          `Size ${r.size} is defined twice`,
        ),
      );
    }
    sizes.add(r.size);
  });
  if (effort.perOutlet.byHeadcount) {
    checkOpenEndedTable(
      effort.perOutlet.byHeadcount.map((r) => r.maxStaff),
      ['policies', 'effort', 'perOutlet', 'byHeadcount'],
      'maxStaff',
      issues,
    );
  }
  if (!Rational.from(effort.rounding.step).gt(Rational.ZERO)) {
    issues.push(
      issue(
        'error',
        'rounding_step_not_positive',
        ['policies', 'effort', 'rounding', 'step'],
        'step must be > 0',
      ),
    );
  }
}

/** A bracket table: ascending upper bounds, only the last row open-ended. */
function checkOpenEndedTable(
  bounds: (number | undefined)[],
  path: (string | number)[],
  field: string,
  issues: SchemeIssue[],
): void {
  bounds.forEach((b, i) => {
    const last = i === bounds.length - 1;
    if (b === undefined && !last) {
      issues.push(
        issue('error', 'open_row_not_last', [...path, i, field], `Only the last row may omit ${field}`),
      );
    }
    const prev = bounds[i - 1];
    if (b !== undefined && prev !== undefined && !(b > prev)) {
      issues.push(issue('error', 'table_not_ascending', [...path, i, field], `${field} must be ascending`));
    }
  });
}
