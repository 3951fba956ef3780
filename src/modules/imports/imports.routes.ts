import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { RouteModule } from '../../http/app.ts';
import { receiveUpload } from '../../http/files.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import { ExportQuery, ImportQuery, ImportResultResponse, TemplateQuery } from './imports.contract.ts';
import {
  exportTable,
  importTable,
  templateFile,
  type FileAnswer,
  type TableKind,
} from './imports.service.ts';

/** The largest upload accepted; the row limit (IMPORT_MAX_ROWS) usually bites first. */

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
};

function sendFile(reply: FastifyReply, answer: FileAnswer) {
  const stream = fs.createReadStream(answer.file);
  stream.on('close', () => void fs.promises.rm(answer.file, { force: true }));
  const ascii = answer.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply
    .header('content-type', answer.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(answer.fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(stream);
}

const KINDS: {
  kind: TableKind;
  base: string;
  template: string;
  label: string;
  manage: 'outlets.manage' | 'staff.manage';
}[] = [
  {
    kind: 'outlets',
    base: 'outlets',
    template: '/api/outlets/template',
    label: 'outlets',
    manage: 'outlets.manage',
  },
  {
    kind: 'staff',
    base: 'staff',
    template: '/api/client-staff/template',
    label: 'staff',
    manage: 'staff.manage',
  },
];

export const importsRoutes: RouteModule = (app, ctx) => {
  for (const k of KINDS) {
    const tags = ['imports'];
    app.post(
      `/api/clients/:id/${k.base}/import`,
      {
        config: { permission: k.manage },
        schema: {
          tags,
          summary: `Import ${k.label} from XLSX or CSV (multipart field "file"): dry run, all-or-nothing or valid rows only; idempotent`,
          consumes: ['multipart/form-data'],
          params: IdParams,
          querystring: ImportQuery,
          response: { 200: ImportResultResponse, ...errors },
        },
      },
      async (req) => {
        const upload = await receiveUpload(req);
        try {
          return await importTable(ctx, actorOf(req), k.kind, req.params.id, upload, req.query.mode, req.id);
        } finally {
          await fs.promises.rm(upload.file, { force: true });
        }
      },
    );

    app.get(
      `/api/clients/:id/${k.base}/export`,
      {
        config: { permission: 'clients.read' },
        schema: {
          tags,
          summary: `Export the client’s ${k.label} as XLSX or CSV, in the import format (the file imports back unchanged)`,
          params: IdParams,
          querystring: ExportQuery,
          response: errors,
        },
      },
      async (req, reply) =>
        sendFile(reply, await exportTable(ctx, actorOf(req), k.kind, req.params.id, req.query)),
    );

    app.get(
      k.template,
      {
        config: { permission: 'clients.read' },
        schema: {
          tags,
          summary: `An empty ${k.label} import template with Chinese and English headers`,
          querystring: TemplateQuery,
          response: errors,
        },
      },
      async (req, reply) => sendFile(reply, await templateFile(k.kind, req.query.format)),
    );
  }
};
