/**
 * Body versions: a certification body derives its own version of a reference package through an overlay
 * (change points, add items, guidance and evidence, adjust methods, techniques, excludability and policy
 * fields). The reference is never edited: derivation works on a deep copy.
 */
import { z } from 'zod';
import { DomainError, type DomainIssue } from '../errors.ts';
import type { IndicatorNode, Policies, SchemePackage } from './package-schema.ts';
import {
  EffortPolicySchema,
  EvaluationMethodSchema,
  EvidenceTechniqueSchema,
  GradingPolicySchema,
  IndicatorNodeSchema,
  LifecyclePolicySchema,
  LocalizedTextSchema,
  SamplingPolicySchema,
  SchemeReferenceSchema,
  ScoringPolicySchema,
  UrnSchema,
} from './package-schema.ts';
import { indexSchemeTree, resolveNodeRef } from './tree.ts';

export const SCHEME_OVERLAY_FORMAT = 'starmark/scheme-overlay@1';

const NodeRef = z.string().min(1).describe('a node URN or clause code');

export const OverlayChangeSchema = z
  .discriminatedUnion('op', [
    z
      .object({
        op: z.literal('setPoints'),
        node: NodeRef,
        points: z.number().nonnegative(),
        provisional: z.boolean().optional().describe('omitted = false: the body confirms the value'),
        source: z.string().optional(),
      })
      .strict(),
    z
      .object({
        op: z.literal('addNode'),
        parent: NodeRef,
        node: IndicatorNodeSchema,
        position: z
          .number()
          .int()
          .nonnegative()
          .optional()
          .describe('index among the children; default last'),
      })
      .strict(),
    z.object({ op: z.literal('addGuidance'), node: NodeRef, guidance: LocalizedTextSchema }).strict(),
    z.object({ op: z.literal('addTypicalEvidence'), node: NodeRef, evidence: LocalizedTextSchema }).strict(),
    z.object({ op: z.literal('setMethod'), node: NodeRef, method: EvaluationMethodSchema }).strict(),
    z.object({ op: z.literal('setExcludable'), node: NodeRef, excludable: z.boolean() }).strict(),
    z
      .object({ op: z.literal('setTechniques'), node: NodeRef, techniques: z.array(EvidenceTechniqueSchema) })
      .strict(),
  ])
  .meta({ id: 'OverlayChange' });
export type OverlayChange = z.infer<typeof OverlayChangeSchema>;

export const BodyOverlaySchema = z
  .object({
    format: z.literal(SCHEME_OVERLAY_FORMAT),
    urn: UrnSchema.describe('URN of the derived package'),
    version: z.string().min(1),
    title: LocalizedTextSchema.optional(),
    publisher: z
      .object({ kind: z.literal('body'), id: z.string().min(1), name: LocalizedTextSchema })
      .strict(),
    base: SchemeReferenceSchema.describe('the reference package this overlay applies to'),
    standards: z
      .array(
        z
          .object({
            code: z.string().min(1),
            title: LocalizedTextSchema.optional(),
            role: z.enum(['criteria', 'reference']).optional(),
          })
          .strict(),
      )
      .optional()
      .describe('appended to the reference standards, e.g. the body specification'),
    notes: LocalizedTextSchema.optional(),
    changes: z.array(OverlayChangeSchema),
    policies: z
      .object({
        scoring: ScoringPolicySchema.partial(),
        grading: GradingPolicySchema.partial(),
        sampling: SamplingPolicySchema.partial(),
        effort: EffortPolicySchema.partial(),
        lifecycle: LifecyclePolicySchema.partial(),
      })
      .partial()
      .strict()
      .optional()
      .describe('replaces the named fields of each policy section'),
  })
  .strict()
  .meta({ id: 'BodyOverlay', title: 'Starmark body overlay' });
export type BodyOverlay = z.infer<typeof BodyOverlaySchema>;

/**
 * Applies an overlay to a reference package and returns the derived package (validate it before
 * publishing). The reference is not modified.
 * @throws DomainError `overlay_base_mismatch`, `overlay_unknown_node`, `overlay_not_a_leaf`, … naming
 *   the change (`changes[3].node`).
 */
export function deriveBodyVersion(
  reference: SchemePackage,
  overlay: BodyOverlay,
  options: { referenceContentHash?: string | null } = {},
): SchemePackage {
  const issues: DomainIssue[] = [];
  if (overlay.base.urn !== reference.urn || overlay.base.version !== reference.version) {
    throw new DomainError(
      'overlay_base_mismatch',
      `The overlay applies to ${overlay.base.urn} ${overlay.base.version}, not ${reference.urn} ${reference.version}`,
      { details: { path: 'base' } },
    );
  }
  if (
    overlay.base.contentHash &&
    options.referenceContentHash &&
    overlay.base.contentHash !== options.referenceContentHash
  ) {
    throw new DomainError(
      'overlay_base_mismatch',
      'The overlay was written for other content of the reference version',
      {
        details: {
          path: 'base.contentHash',
          expected: overlay.base.contentHash,
          actual: options.referenceContentHash,
        },
      },
    );
  }

  const pkg: SchemePackage = structuredClone(reference) as SchemePackage;

  overlay.changes.forEach((change, i) => {
    const idx = indexSchemeTree(pkg); // re-index: addNode changes the tree
    const ref = change.op === 'addNode' ? change.parent : change.node;
    const refField = change.op === 'addNode' ? 'parent' : 'node';
    const target = resolveNodeRef(idx, ref);
    const path = `changes[${i}].${refField}`;
    if (!target) {
      issues.push({
        code: 'overlay_unknown_node',
        path,
        message: `No node ${ref} in ${reference.urn} ${reference.version}`,
      });
      return;
    }
    const node: IndicatorNode = target.node;
    switch (change.op) {
      case 'setPoints':
        node.points = change.points;
        node.provisional = change.provisional ?? false;
        if (!node.provisional) delete node.provisional;
        if (change.source !== undefined) node.source = change.source;
        break;
      case 'addNode': {
        const clash = [change.node, ...descendants(change.node)].find(
          (n) => idx.byUrn.has(n.urn) || idx.byCode.has(n.code),
        );
        if (clash) {
          issues.push({
            code: 'overlay_node_exists',
            path: `changes[${i}].node`,
            message: `A node with URN ${clash.urn} or code ${clash.code} already exists`,
          });
          return;
        }
        const kids = (node.children ??= []);
        if (kids.length === 0) delete node.method; // a leaf that gets children becomes an internal node
        const at = change.position ?? kids.length;
        kids.splice(Math.min(at, kids.length), 0, structuredClone(change.node));
        break;
      }
      case 'addGuidance':
        (node.guidance ??= []).push(change.guidance);
        break;
      case 'addTypicalEvidence':
        (node.typicalEvidence ??= []).push(change.evidence);
        break;
      case 'setMethod':
        if (!target.isLeaf) {
          issues.push({
            code: 'overlay_not_a_leaf',
            path,
            message: `Node ${node.code} has children; only leaves have a method`,
          });
          return;
        }
        node.method = change.method;
        break;
      case 'setExcludable':
        if (target.parent === -1 && change.excludable) {
          issues.push({ code: 'root_excludable', path, message: 'The root node may not be excludable' });
          return;
        }
        node.excludable = change.excludable;
        break;
      case 'setTechniques':
        node.techniques = [...change.techniques];
        break;
    }
  });
  if (issues.length > 0) throw DomainError.fromIssues(issues, 'The overlay cannot be applied');

  const policies = pkg.policies as Record<keyof Policies, Record<string, unknown>>;
  for (const [section, fields] of Object.entries(overlay.policies ?? {}) as [
    keyof Policies,
    Record<string, unknown>,
  ][]) {
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) policies[section][key] = structuredClone(value);
    }
  }

  pkg.urn = overlay.urn;
  pkg.version = overlay.version;
  if (overlay.title) pkg.title = overlay.title;
  pkg.publisher = overlay.publisher;
  if (overlay.standards) pkg.standards = [...pkg.standards, ...overlay.standards];
  if (overlay.notes) pkg.notes = overlay.notes;
  else delete pkg.notes;
  const contentHash = options.referenceContentHash ?? overlay.base.contentHash;
  pkg.derivedFrom = {
    urn: reference.urn,
    version: reference.version,
    ...(contentHash ? { contentHash } : {}),
    overlay: { urn: overlay.urn, version: overlay.version },
  };
  return pkg;
}

function descendants(node: IndicatorNode): IndicatorNode[] {
  return (node.children ?? []).flatMap((c) => [c, ...descendants(c)]);
}
