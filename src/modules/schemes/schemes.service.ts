import { randomUUID } from 'node:crypto';
import {
  BodyOverlaySchema,
  deriveBodyVersion,
  diffSchemeVersions,
  indexSchemeTree,
  publishSchemeVersion,
  validateSchemePackage,
  type BodyOverlay,
  type PublishedSchemeVersion,
  type SchemePackage,
} from '../../domain/schemes/index.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import type { SchemeVersionRow } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, conflict, notFound, versionConflict } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type {
  SchemeDeriveBody,
  SchemeImportResponse,
  SchemeIssueResponse,
  SchemeOverlayBody,
  SchemeVersionDetail,
  SchemeVersionSummary,
} from './schemes.contract.ts';
import { builtinSchemes, locateIssues, parseYaml, sha256Hex, toYaml } from './scheme-files.ts';

const countProvisional = (pkg: SchemePackage) =>
  indexSchemeTree(pkg).nodes.filter((e) => e.node.provisional === true).length;

function summary(row: SchemeVersionRow, parent?: SchemeVersionRow | null): SchemeVersionSummary {
  const pkg = JSON.parse(row.packageJson) as SchemePackage;
  return {
    id: row.id,
    urn: row.urn,
    schemeVersion: row.schemeVersion,
    kind: row.kind,
    status: row.status,
    builtin: row.builtin === 1,
    title: { zh: row.titleZh, en: row.titleEn },
    category: row.category,
    contentHash: row.contentHash,
    derivedFrom: parent ? { id: parent.id, urn: parent.urn, schemeVersion: parent.schemeVersion } : null,
    provisionalCount: countProvisional(pkg),
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

const issuesOf = (pkg: unknown): SchemeIssueResponse[] =>
  validateSchemePackage(pkg).issues.map((i) => ({
    severity: i.severity,
    code: i.code,
    path: i.pathText,
    message: i.message,
    line: null,
    column: null,
  }));

/**
 * The built-in reference packages are installed into each certification body's library, published
 * under the same content hash everywhere; installing is idempotent.
 */
async function ensureBuiltins(ctx: AppContext, cbId: string): Promise<void> {
  const present = await ctx.db
    .selectFrom('schemeVersions')
    .select(['urn', 'schemeVersion'])
    .where('cbId', '=', cbId)
    .where('builtin', '=', 1)
    .execute();
  const have = new Set(present.map((r) => `${r.urn}@${r.schemeVersion}`));
  const now = toInstant(ctx.clock());
  for (const s of builtinSchemes()) {
    if (have.has(`${s.package.urn}@${s.package.version}`)) continue;
    await ctx.db
      .insertInto('schemeVersions')
      .values({
        id: randomUUID(),
        cbId,
        urn: s.package.urn,
        schemeVersion: s.package.version,
        kind: 'reference',
        status: 'published',
        titleZh: s.package.title.zh,
        titleEn: s.package.title.en ?? null,
        category: s.package.category,
        builtin: 1,
        packageJson: JSON.stringify(s.package),
        overlayJson: null,
        derivedFromId: null,
        contentHash: s.contentHash,
        publishedAt: now,
        publishedBy: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      })
      .onConflict((oc) => oc.columns(['cbId', 'urn', 'schemeVersion']).doNothing())
      .execute();
  }
}

async function getRow(db: Executor, cbId: string, id: string): Promise<SchemeVersionRow> {
  const row = await db
    .selectFrom('schemeVersions')
    .selectAll()
    .where('cbId', '=', cbId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Scheme version');
  return row;
}

async function parentOf(db: Executor, row: SchemeVersionRow): Promise<SchemeVersionRow | null> {
  return row.derivedFromId ? getRow(db, row.cbId, row.derivedFromId) : null;
}

export async function listSchemeVersions(ctx: AppContext, actor: Actor): Promise<SchemeVersionSummary[]> {
  requirePermission(actor, 'schemes.read');
  await ensureBuiltins(ctx, actor.cbId);
  const rows = await ctx.db
    .selectFrom('schemeVersions')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .orderBy('builtin', 'desc')
    .orderBy('urn')
    .orderBy('createdAt')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.map((r) => summary(r, r.derivedFromId ? byId.get(r.derivedFromId) : null));
}

export async function getSchemeVersion(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<SchemeVersionDetail> {
  requirePermission(actor, 'schemes.read');
  const row = await getRow(ctx.db, actor.cbId, id);
  const pkg = JSON.parse(row.packageJson) as Record<string, unknown>;
  return {
    summary: summary(row, await parentOf(ctx.db, row)),
    package: pkg,
    overlay: row.overlayJson ? (JSON.parse(row.overlayJson) as Record<string, unknown>) : null,
    issues: row.status === 'published' ? [] : issuesOf(pkg),
  };
}

/** A published scheme version of the caller's body, by URN and version, ready for the engine. */
export async function publishedScheme(
  ctx: AppContext,
  cbId: string,
  urn: string,
  schemeVersion: string,
): Promise<PublishedSchemeVersion> {
  await ensureBuiltins(ctx, cbId);
  const row = await ctx.db
    .selectFrom('schemeVersions')
    .selectAll()
    .where('cbId', '=', cbId)
    .where('urn', '=', urn)
    .where('schemeVersion', '=', schemeVersion)
    .executeTakeFirst();
  if (!row)
    throw new AppError(
      422,
      'unknown_scheme_version',
      `No scheme version ${urn} ${schemeVersion} in this body's library.`,
      { path: 'scheme' },
    );
  if (row.status !== 'published' || !row.contentHash) {
    throw new AppError(
      422,
      'scheme_not_published',
      `Scheme version ${urn} ${schemeVersion} is a draft; publish it first.`,
      { path: 'scheme.version' },
    );
  }
  return {
    status: 'published',
    contentHash: row.contentHash,
    package: JSON.parse(row.packageJson) as SchemePackage,
  };
}

/**
 * Imports a package from YAML as a draft of the caller's body. Nothing is stored unless the package
 * validates; every problem is answered with its path and line.
 */
export async function importSchemeYaml(
  ctx: AppContext,
  actor: Actor,
  yaml: string,
  requestId: string,
): Promise<SchemeImportResponse> {
  requirePermission(actor, 'schemes.manage');
  const parsed = parseYaml(yaml);
  if (parsed.syntaxIssues.length) return { ok: false, issues: parsed.syntaxIssues, scheme: null };
  const result = validateSchemePackage(parsed.value);
  const issues = locateIssues(parsed, result.issues);
  if (!result.ok) return { ok: false, issues, scheme: null };
  const row = await insertDraft(ctx, actor, result.package, null, null, requestId, 'scheme.import');
  return { ok: true, issues, scheme: summary(row) };
}

async function insertDraft(
  ctx: AppContext,
  actor: Actor,
  pkg: SchemePackage,
  overlay: BodyOverlay | null,
  parent: SchemeVersionRow | null,
  requestId: string,
  action: string,
): Promise<SchemeVersionRow> {
  const now = toInstant(ctx.clock());
  const row: SchemeVersionRow = {
    id: randomUUID(),
    cbId: actor.cbId,
    urn: pkg.urn,
    schemeVersion: pkg.version,
    kind: pkg.publisher.kind,
    status: 'draft',
    titleZh: pkg.title.zh,
    titleEn: pkg.title.en ?? null,
    category: pkg.category,
    builtin: 0,
    packageJson: JSON.stringify(pkg),
    overlayJson: overlay ? JSON.stringify(overlay) : null,
    derivedFromId: parent?.id ?? null,
    contentHash: null,
    publishedAt: null,
    publishedBy: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('schemeVersions').values(row).execute();
      await appendAudit(
        trx,
        { actor, occurredAt: ctx.clock(), requestId },
        {
          action,
          entityType: 'schemeVersion',
          entityId: row.id,
          after: {
            urn: row.urn,
            schemeVersion: row.schemeVersion,
            derivedFrom: parent ? `${parent.urn} ${parent.schemeVersion}` : null,
          },
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflict(
        'scheme_version_exists',
        `Version ${pkg.version} of ${pkg.urn} already exists; choose a new version.`,
        { field: 'version' },
      );
    }
    throw e;
  }
  return row;
}

/** Derives a body version (a draft with an empty overlay) from a published reference version. */
export async function deriveSchemeVersion(
  ctx: AppContext,
  actor: Actor,
  baseId: string,
  body: SchemeDeriveBody,
  requestId: string,
): Promise<SchemeVersionSummary> {
  requirePermission(actor, 'schemes.manage');
  const base = await getRow(ctx.db, actor.cbId, baseId);
  if (base.status !== 'published' || base.kind !== 'reference') {
    throw new AppError(
      422,
      'base_not_published_reference',
      'A body version is derived from a published reference version.',
    );
  }
  const cb = await ctx.db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', '=', actor.cbId)
    .executeTakeFirstOrThrow();
  const overlay = BodyOverlaySchema.parse({
    format: 'starmark/scheme-overlay@1',
    urn: body.urn,
    version: body.schemeVersion,
    ...(body.title ? { title: body.title } : {}),
    publisher: { kind: 'body', id: cb.id, name: { zh: cb.name } },
    base: { urn: base.urn, version: base.schemeVersion, contentHash: base.contentHash },
    changes: [],
  });
  const pkg = deriveBodyVersion(JSON.parse(base.packageJson) as SchemePackage, overlay, {
    referenceContentHash: base.contentHash,
  });
  return summary(await insertDraft(ctx, actor, pkg, overlay, base, requestId, 'scheme.derive'), base);
}

/** Replaces a body draft's changes and policy overrides; the package is re-derived from its base. */
export async function updateSchemeOverlay(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: SchemeOverlayBody,
  requestId: string,
): Promise<SchemeVersionDetail> {
  requirePermission(actor, 'schemes.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await getRow(trx, actor.cbId, id);
    if (row.version !== body.version) throw versionConflict('scheme version', row.version);
    if (row.status !== 'draft') throw frozen(row);
    if (!row.overlayJson || !row.derivedFromId) {
      throw new AppError(
        422,
        'not_a_body_version',
        'Only a body version derived from a reference has an overlay.',
      );
    }
    const base = await getRow(trx, actor.cbId, row.derivedFromId);
    const before = JSON.parse(row.overlayJson) as BodyOverlay;
    const parsed = BodyOverlaySchema.safeParse({
      ...before,
      changes: body.changes,
      ...(body.policies ? { policies: body.policies } : {}),
    });
    if (!parsed.success) {
      throw new AppError(
        400,
        'validation_failed',
        `Invalid overlay: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
        {
          issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        },
      );
    }
    const pkg = deriveBodyVersion(JSON.parse(base.packageJson) as SchemePackage, parsed.data, {
      referenceContentHash: base.contentHash,
    });
    const updatedAt = toInstant(ctx.clock());
    const r = await trx
      .updateTable('schemeVersions')
      .set({
        packageJson: JSON.stringify(pkg),
        overlayJson: JSON.stringify(parsed.data),
        updatedAt,
        version: row.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw versionConflict('scheme version');
    await appendAudit(
      trx,
      { actor, occurredAt: ctx.clock(), requestId },
      {
        action: 'scheme.overlay_update',
        entityType: 'schemeVersion',
        entityId: id,
        before: { changes: before.changes.length },
        after: { changes: parsed.data.changes.length, ops: parsed.data.changes.map((c) => `${c.op}`) },
      },
    );
    const updated = await getRow(trx, actor.cbId, id);
    return {
      summary: summary(updated, base),
      package: pkg as unknown as Record<string, unknown>,
      overlay: parsed.data as unknown as Record<string, unknown>,
      issues: issuesOf(pkg),
    };
  });
}

function frozen(row: SchemeVersionRow): AppError {
  return new AppError(
    409,
    'scheme_version_frozen',
    `Version ${row.schemeVersion} of ${row.urn} is published and frozen; derive or import a new version to change it.`,
  );
}

/** Publishing freezes the version under the SHA-256 of its canonical JSON. */
export async function publishScheme(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  requestId: string,
): Promise<SchemeVersionSummary> {
  requirePermission(actor, 'schemes.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await getRow(trx, actor.cbId, id);
    if (row.version !== version) throw versionConflict('scheme version', row.version);
    if (row.status === 'published') throw frozen(row);
    const result = validateSchemePackage(JSON.parse(row.packageJson));
    if (!result.ok) {
      throw new AppError(422, 'scheme_invalid', 'The package does not validate and cannot be published.', {
        issues: issuesOf(JSON.parse(row.packageJson)),
      });
    }
    const published = publishSchemeVersion(result.package, sha256Hex);
    const now = toInstant(ctx.clock());
    await trx
      .updateTable('schemeVersions')
      .set({
        status: 'published',
        contentHash: published.contentHash,
        publishedAt: now,
        publishedBy: actor.userId,
        updatedAt: now,
        version: row.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .execute();
    await appendAudit(
      trx,
      { actor, occurredAt: ctx.clock(), requestId },
      {
        action: 'scheme.publish',
        entityType: 'schemeVersion',
        entityId: id,
        after: { urn: row.urn, schemeVersion: row.schemeVersion, contentHash: published.contentHash },
      },
    );
    const updated = await getRow(trx, actor.cbId, id);
    return summary(updated, await parentOf(trx, updated));
  });
}

export async function diffSchemes(ctx: AppContext, actor: Actor, fromId: string, toId: string) {
  requirePermission(actor, 'schemes.read');
  const [from, to] = await Promise.all([
    getRow(ctx.db, actor.cbId, fromId),
    getRow(ctx.db, actor.cbId, toId),
  ]);
  const [fromParent, toParent] = await Promise.all([parentOf(ctx.db, from), parentOf(ctx.db, to)]);
  const diff = diffSchemeVersions(
    JSON.parse(from.packageJson) as SchemePackage,
    JSON.parse(to.packageJson) as SchemePackage,
  );
  return {
    from: summary(from, fromParent),
    to: summary(to, toParent),
    diff: diff as unknown as Record<string, unknown>,
  };
}

export async function exportScheme(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ filename: string; yaml: string }> {
  requirePermission(actor, 'schemes.read');
  const row = await getRow(ctx.db, actor.cbId, id);
  const slug = `${row.urn.split(':').slice(2).join('-')}-${row.schemeVersion}`.replace(/[^\w.-]+/g, '-');
  const header = row.contentHash
    ? `# ${row.urn} ${row.schemeVersion} — published, sha256 ${row.contentHash}\n`
    : `# ${row.urn} ${row.schemeVersion} — draft\n`;
  return { filename: `${slug}.yaml`, yaml: header + toYaml(JSON.parse(row.packageJson)) };
}
