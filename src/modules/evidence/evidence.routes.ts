import fs from 'node:fs';
import { z } from 'zod';
import type { Permission } from '../../domain/access/roles.ts';
import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, Id, IdParams } from '../common/common.contract.ts';
import { evidenceFile, listEvidence, uploadEvidence, type EvidenceContext } from './evidence.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['evidence'];

export const EvidenceFileResponse = z
  .object({
    id: z.string(),
    /** What to put in a `refs` / `evidence` list. */
    ref: z.string(),
    context: z.enum(['application', 'evaluation', 'finding']),
    contextId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'EvidenceFileResponse' });

const FileParams = z.strictObject({ id: Id, fileId: Id });

const CONTEXTS: {
  path: string;
  context: EvidenceContext;
  upload: Permission;
  read: Permission;
  who: string;
}[] = [
  {
    path: 'applications',
    context: 'application',
    upload: 'applications.manage',
    read: 'applications.read',
    who: 'documents of a draft or submitted application',
  },
  {
    path: 'evaluations',
    context: 'evaluation',
    upload: 'evaluations.conduct',
    read: 'evaluations.read',
    who: 'photos and documents of the team, while the evaluation is in progress',
  },
  {
    path: 'findings',
    context: 'finding',
    upload: 'findings.answer',
    read: 'findings.read',
    who: 'the client’s evidence of a correction, while the finding is open',
  },
];

/** Evidence files (size and type limited, stored under DATA_DIR) for applications, evaluations, findings. */
export const evidenceRoutes: RouteModule = (app, ctx) => {
  for (const c of CONTEXTS) {
    app.post(
      `/api/${c.path}/:id/evidence`,
      {
        config: { permission: c.upload },
        schema: {
          tags,
          summary: `Upload an evidence file (multipart field "file"; ≤ 20 MB; jpg, png, webp, heic, pdf, docx, xlsx): ${c.who}`,
          params: IdParams,
          consumes: ['multipart/form-data'],
          response: { 201: EvidenceFileResponse, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await uploadEvidence(ctx, actorOf(req), c.context, req.params.id, req)),
    );

    app.get(
      `/api/${c.path}/:id/evidence`,
      {
        config: { permission: c.read },
        schema: {
          tags,
          summary: 'The evidence files of the record',
          params: IdParams,
          response: { 200: z.array(EvidenceFileResponse), ...errors },
        },
      },
      async (req) => listEvidence(ctx, actorOf(req), c.context, req.params.id),
    );

    app.get(
      `/api/${c.path}/:id/evidence/:fileId`,
      {
        config: { permission: c.read },
        schema: { tags, summary: 'Download one evidence file', params: FileParams, response: errors },
      },
      async (req, reply) => {
        const { row, path } = await evidenceFile(
          ctx,
          actorOf(req),
          c.context,
          req.params.id,
          req.params.fileId,
        );
        const ascii = row.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
        return reply
          .type(row.contentType)
          .header('cache-control', 'private, no-cache')
          .header('x-content-type-options', 'nosniff')
          .header(
            'content-disposition',
            `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
          )
          .send(fs.createReadStream(path) as never);
      },
    );
  }
};
