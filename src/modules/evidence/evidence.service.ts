import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { uploadedPart } from '../../http/files.ts';
import type { FastifyRequest } from 'fastify';
import { toInstant } from '../../db/time.ts';
import type { EvidenceFileRow, EvidenceFilesTable } from '../../db/schema.ts';
import { evidenceFilesRepository, findingsRepository } from '../../db/repositories/workflow.repository.ts';
import type { Permission } from '../../domain/access/roles.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { visibleApplication } from '../applications/applications.service.ts';
import { requireState, requireTeamMember, visibleEvaluation } from '../evaluations/evaluations.service.ts';
import { auditCtx, refused } from '../evaluations/workflow-support.ts';
import type { Executor } from '../../db/database.ts';

/**
 * Evidence files (photos, documents) for an application's document checklist, an evaluation's checklist
 * items and a client's answer to a finding. Stored under DATA_DIR/evidence/<cb>/<id>, never in the
 * database; at most MAX_EVIDENCE_BYTES each, and only the types below, recognised by their content (not
 * by the name or the browser's content type). Reference a file in `refs`/`evidence` as `file:<id>`.
 */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

export type EvidenceContext = EvidenceFileRow['context'];

const TYPES: { type: string; ext: string[]; test: (head: Buffer) => boolean }[] = [
  {
    type: 'image/jpeg',
    ext: ['.jpg', '.jpeg'],
    test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  },
  {
    type: 'image/png',
    ext: ['.png'],
    test: (h) => h.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  },
  {
    type: 'image/webp',
    ext: ['.webp'],
    test: (h) =>
      h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  {
    type: 'image/heic',
    ext: ['.heic', '.heif'],
    test: (h) =>
      h.subarray(4, 8).toString('latin1') === 'ftyp' &&
      /^(heic|heix|mif1|msf1)$/.test(h.subarray(8, 12).toString('latin1')),
  },
  { type: 'application/pdf', ext: ['.pdf'], test: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: ['.docx'],
    test: (h) => h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04,
  },
  {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: ['.xlsx'],
    test: (h) => h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04,
  },
];
export const ALLOWED_EVIDENCE = TYPES.flatMap((t) => t.ext);

function typeOf(fileName: string, head: Buffer): string | null {
  const ext = path.extname(fileName).toLowerCase();
  return TYPES.find((t) => t.ext.includes(ext) && t.test(head))?.type ?? null;
}

const storageRoot = (ctx: AppContext) => path.join(ctx.config.dataDir, 'evidence');

/** Who may add a file to a record, and the record's client. */
async function uploadTarget(
  ctx: AppContext,
  db: Executor,
  actor: Actor,
  context: EvidenceContext,
  id: string,
): Promise<string> {
  if (context === 'application') {
    requirePermission(actor, 'applications.manage');
    const app = await visibleApplication(db, actor, id);
    if (app.state !== 'draft' && app.state !== 'submitted') {
      throw refused('application_not_editable', `A ${app.state} application takes no more documents.`, {
        path: 'state',
      });
    }
    return app.clientId;
  }
  if (context === 'evaluation') {
    requirePermission(actor, 'evaluations.conduct');
    const row = await visibleEvaluation(db, actor, id);
    requireState(row, ['inProgress'], 'adding evidence');
    await requireTeamMember(db, actor, row);
    return row.clientId;
  }
  requirePermission(actor, 'findings.answer');
  const finding = await findingsRepository.get(db, actor.cbId, id);
  const scope = organisationScope(actor);
  if (!finding || (scope && finding.clientId !== scope)) throw notFound('Finding');
  if (finding.state !== 'open' && finding.state !== 'reopened') {
    throw refused('finding_not_open', 'Evidence is added while the finding is open.', { path: 'state' });
  }
  return finding.clientId;
}

const READ: Record<EvidenceContext, Permission> = {
  application: 'applications.read',
  evaluation: 'evaluations.read',
  finding: 'findings.read',
};

export function presentFile(f: EvidenceFileRow) {
  return {
    id: f.id,
    ref: `file:${f.id}`,
    context: f.context,
    contextId: f.contextId,
    fileName: f.fileName,
    contentType: f.contentType,
    size: f.sizeBytes,
    sha256: f.sha256,
    uploadedBy: f.uploadedByName,
    createdAt: f.createdAt,
  };
}

/** Streams the upload to DATA_DIR (never whole in memory), checks size and type, records it. */
export async function uploadEvidence(
  ctx: AppContext,
  actor: Actor,
  context: EvidenceContext,
  contextId: string,
  req: FastifyRequest,
): Promise<ReturnType<typeof presentFile>> {
  const clientId = await uploadTarget(ctx, ctx.db, actor, context, contextId);
  const part = await uploadedPart(req, MAX_EVIDENCE_BYTES);
  const fileName = path.basename(part.filename || 'evidence');
  const id = randomUUID();
  const dir = path.join(storageRoot(ctx), actor.cbId);
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, id);
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(part.file, tap, fs.createWriteStream(file, { mode: 0o600 }));
    if (part.file.truncated) {
      throw new AppError(
        413,
        'evidence_too_large',
        `Evidence files are at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB.`,
        {
          maxBytes: MAX_EVIDENCE_BYTES,
        },
      );
    }
    const contentType = typeOf(fileName, head);
    if (!contentType) {
      throw new AppError(
        415,
        'evidence_type_not_allowed',
        `Allowed evidence files: ${ALLOWED_EVIDENCE.join(', ')}.`,
        {
          allowed: ALLOWED_EVIDENCE,
        },
      );
    }
    const row: EvidenceFilesTable = {
      id,
      cbId: actor.cbId,
      clientId,
      context,
      contextId,
      fileName,
      contentType,
      sizeBytes: size,
      sha256: hash.digest('hex'),
      storageKey: path.join(actor.cbId, id),
      uploadedBy: actor.userId,
      uploadedByName: actor.displayName,
      createdAt: toInstant(ctx.clock()),
    };
    await ctx.db.transaction().execute(async (trx) => {
      await evidenceFilesRepository.create(trx, row);
      await appendAudit(trx, auditCtx(ctx, actor, req.id), {
        action: 'evidence.upload',
        entityType: context,
        entityId: contextId,
        after: { file: id, fileName, contentType, size, sha256: row.sha256 },
      });
    });
    return presentFile(row);
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    throw e;
  }
}

/** A stored evidence file of a record the actor may read. */
export async function evidenceFile(
  ctx: AppContext,
  actor: Actor,
  context: EvidenceContext,
  contextId: string,
  fileId: string,
): Promise<{ row: EvidenceFileRow; path: string }> {
  requirePermission(actor, READ[context]);
  if (context === 'application') await visibleApplication(ctx.db, actor, contextId);
  else if (context === 'evaluation') await visibleEvaluation(ctx.db, actor, contextId);
  else {
    const finding = await findingsRepository.get(ctx.db, actor.cbId, contextId);
    const scope = organisationScope(actor);
    if (!finding || (scope && finding.clientId !== scope)) throw notFound('Finding');
  }
  const row = await evidenceFilesRepository.get(ctx.db, actor.cbId, fileId);
  if (!row || row.context !== context || row.contextId !== contextId) throw notFound('Evidence file');
  return { row, path: path.join(storageRoot(ctx), row.storageKey) };
}

export async function listEvidence(
  ctx: AppContext,
  actor: Actor,
  context: EvidenceContext,
  contextId: string,
) {
  requirePermission(actor, READ[context]);
  if (context === 'application') await visibleApplication(ctx.db, actor, contextId);
  else if (context === 'evaluation') await visibleEvaluation(ctx.db, actor, contextId);
  else {
    const finding = await findingsRepository.get(ctx.db, actor.cbId, contextId);
    const scope = organisationScope(actor);
    if (!finding || (scope && finding.clientId !== scope)) throw notFound('Finding');
  }
  return (await evidenceFilesRepository.ofContext(ctx.db, actor.cbId, context, contextId)).map(presentFile);
}
