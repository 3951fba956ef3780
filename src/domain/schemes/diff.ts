/** Diff of two scheme versions: nodes added, removed and changed (points first), and policy changes. */
import { canonicalJson } from './publish.ts';
import type { IndicatorNode, LocalizedText, SchemePackage } from './package-schema.ts';
import { indexSchemeTree, type IndexedNode } from './tree.ts';

export interface DiffNodeRef {
  urn: string;
  code: string;
  title: LocalizedText;
  points: number;
  /** Code of the parent node; null for the root. */
  parent: string | null;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface NodeChange {
  urn: string;
  code: string;
  title: LocalizedText;
  changes: FieldChange[];
}

export interface PointsChange {
  urn: string;
  code: string;
  from: number;
  to: number;
  provisionalFrom: boolean;
  provisionalTo: boolean;
}

export interface SchemeDiff {
  from: { urn: string; version: string };
  to: { urn: string; version: string };
  added: DiffNodeRef[];
  removed: DiffNodeRef[];
  changed: NodeChange[];
  /** The subset of `changed` whose points changed, for a quick look. */
  points: PointsChange[];
  /** Changed package fields and policy fields, by dotted path (e.g. `policies.grading.levels`). */
  package: FieldChange[];
  /** True when nothing differs except identity (urn, version, publisher, derivedFrom). */
  identical: boolean;
}

const NODE_FIELDS = [
  'code',
  'title',
  'points',
  'provisional',
  'codeProvisional',
  'source',
  'confidence',
  'excludable',
  'guidance',
  'typicalEvidence',
  'techniques',
  'method',
] as const satisfies readonly (keyof IndicatorNode)[];

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function ref(e: IndexedNode, all: readonly IndexedNode[]): DiffNodeRef {
  return {
    urn: e.node.urn,
    code: e.node.code,
    title: e.node.title,
    points: e.node.points,
    parent: e.parent >= 0 ? (all[e.parent]?.node.code ?? null) : null,
  };
}

/** Compares two versions node by node (matched by URN). */
export function diffSchemeVersions(from: SchemePackage, to: SchemePackage): SchemeDiff {
  const a = indexSchemeTree(from);
  const b = indexSchemeTree(to);
  const added = b.nodes.filter((e) => !a.byUrn.has(e.node.urn)).map((e) => ref(e, b.nodes));
  const removed = a.nodes.filter((e) => !b.byUrn.has(e.node.urn)).map((e) => ref(e, a.nodes));
  const changed: NodeChange[] = [];
  const points: PointsChange[] = [];
  for (const eb of b.nodes) {
    const ea = a.byUrn.get(eb.node.urn);
    if (!ea) continue;
    const changes: FieldChange[] = [];
    for (const field of NODE_FIELDS) {
      if (!same(ea.node[field], eb.node[field]))
        changes.push({ field, from: ea.node[field], to: eb.node[field] });
    }
    const pa = ea.parent >= 0 ? a.nodes[ea.parent]?.node.urn : null;
    const pb = eb.parent >= 0 ? b.nodes[eb.parent]?.node.urn : null;
    if (pa !== pb) changes.push({ field: 'parent', from: pa, to: pb });
    const kidsA = ea.children.map((i) => a.nodes[i]?.node.urn);
    const kidsB = eb.children.map((i) => b.nodes[i]?.node.urn);
    if (!same(kidsA, kidsB)) changes.push({ field: 'children', from: kidsA, to: kidsB });
    if (changes.length > 0)
      changed.push({ urn: eb.node.urn, code: eb.node.code, title: eb.node.title, changes });
    if (ea.node.points !== eb.node.points || !!ea.node.provisional !== !!eb.node.provisional) {
      points.push({
        urn: eb.node.urn,
        code: eb.node.code,
        from: ea.node.points,
        to: eb.node.points,
        provisionalFrom: !!ea.node.provisional,
        provisionalTo: !!eb.node.provisional,
      });
    }
  }

  const pkgChanges: FieldChange[] = [];
  for (const field of ['title', 'category', 'standards', 'enterpriseTypes', 'notes'] as const) {
    if (!same(from[field], to[field])) pkgChanges.push({ field, from: from[field], to: to[field] });
  }
  for (const section of ['scoring', 'grading', 'sampling', 'effort', 'lifecycle'] as const) {
    const pa = from.policies[section] as Record<string, unknown>;
    const pb = to.policies[section] as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort();
    for (const key of keys) {
      if (!same(pa[key], pb[key]))
        pkgChanges.push({ field: `policies.${section}.${key}`, from: pa[key], to: pb[key] });
    }
  }

  return {
    from: { urn: from.urn, version: from.version },
    to: { urn: to.urn, version: to.version },
    added,
    removed,
    changed,
    points,
    package: pkgChanges,
    identical: added.length === 0 && removed.length === 0 && changed.length === 0 && pkgChanges.length === 0,
  };
}
