import { z } from 'zod';
import type { RouteModule } from '../../http/app.ts';
import { attachment } from '../../http/files.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  CancelBody,
  CertificateDetailResponse,
  CertificateIssueBody,
  CertificateListQuery,
  CertificateListResponse,
  CertificatePatchBody,
  CertificateResponse,
  CertificateReviseBody,
  CertificateSettingsBody,
  CertificateSettingsResponse,
  JobRunResponse,
  MonthQuery,
  NoticeListResponse,
  RestoreBody,
  SurveillanceBody,
  SuspendBody,
  WithdrawBody,
} from './certificates.contract.ts';
import {
  cancelCertificate,
  getCertificate,
  getSettings,
  issueCertificate,
  listCertificates,
  listNotices,
  patchCertificate,
  recordSurveillance,
  restoreCertificate,
  reviseCertificate,
  suspendCertificate,
  updateSettings,
  withdrawCertificate,
} from './certificates.service.ts';
import { certificateMark, certificatePdf } from './certificate-files.ts';
import { runCertificateJobs } from './certificate-jobs.ts';
import { requirePermission } from '../auth/actor.ts';
import { exportCnca, exportIaf } from './registry-exports.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['certificates'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const certificatesRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/certificates',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: 'List certificates (client users: their own)',
        querystring: CertificateListQuery,
        response: { 200: CertificateListResponse, ...errors },
      },
    },
    async (req) => listCertificates(ctx, actorOf(req), req.query),
  );

  app.post(
    '/api/certificates',
    {
      config: { permission: 'certificates.issue' },
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Issue a certificate from an evaluation: scored by the engine, refused unless passed, result frozen',
        body: CertificateIssueBody,
        response: { 201: CertificateDetailResponse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await issueCertificate(ctx, actorOf(req), req.body, req.id)),
  );

  app.get(
    '/api/certificates/:id',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: 'One certificate with its history and frozen result',
        params: IdParams,
        response: { 200: CertificateDetailResponse, ...errors },
      },
    },
    async (req) => getCertificate(ctx, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/certificates/:id',
    {
      config: { permission: 'certificates.manage' },
      schema: {
        tags,
        summary: 'Mark a certificate confidential (hidden from name search and entity details)',
        params: IdParams,
        body: CertificatePatchBody,
        response: { 200: CertificateResponse, ...errors },
      },
    },
    async (req) => patchCertificate(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/certificates/:id/revisions',
    {
      config: { permission: 'certificates.issue' },
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Level, scope or site change: issue a new version, the old one becomes superseded',
        params: IdParams,
        body: CertificateReviseBody,
        response: { 201: CertificateDetailResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await reviseCertificate(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  const lifecycle = [
    ['suspend', SuspendBody, 'Suspend (reason code, period up to the scheme/CB maximum)', suspendCertificate],
    ['restore', RestoreBody, 'Restore a suspended certificate', restoreCertificate],
    ['withdraw', WithdrawBody, 'Withdraw (撤销) with a reason code', withdrawCertificate],
    ['cancel', CancelBody, 'Cancel (注销) at the client’s request', cancelCertificate],
    [
      'surveillance',
      SurveillanceBody,
      'Record a completed surveillance; the next due date moves on',
      recordSurveillance,
    ],
  ] as const;
  for (const [verb, body, summary, fn] of lifecycle) {
    app.post(
      `/api/certificates/:id/${verb}`,
      {
        config: { permission: 'certificates.manage' },
        schema: { tags, summary, params: IdParams, body, response: { 200: CertificateResponse, ...errors } },
      },
      // Each body schema matches its service function.
      async (req) =>
        (fn as (...a: unknown[]) => Promise<never>)(ctx, actorOf(req), req.params.id, req.body, req.id),
    );
  }

  app.get(
    '/api/certificates/:id/pdf',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: 'The certificate as an A4 PDF (Chinese and English, QR code)',
        params: IdParams,
        response: errors,
      },
    },
    async (req, reply) => {
      const { file, name } = await certificatePdf(ctx, actorOf(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', attachment(name))
        .send(file as never);
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/api/certificates/:id/mark.${format}`,
      {
        config: { permission: 'certificates.read' },
        schema: {
          tags,
          summary: `The star mark (${format.toUpperCase()}) for products and packaging; only while the certificate is valid`,
          params: IdParams,
          querystring: z.strictObject({ width: z.coerce.number().int().min(100).max(4000).optional() }),
          response: errors,
        },
      },
      async (req, reply) => {
        const { file, name } = await certificateMark(
          ctx,
          actorOf(req),
          req.params.id,
          format,
          req.query.width,
        );
        return reply
          .type(format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png')
          .header('cache-control', 'private, no-cache')
          .header('content-disposition', attachment(name))
          .send(file as never);
      },
    );
  }

  app.get(
    '/api/certificate-notices',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags,
        summary: 'Reminders and withdrawal proposals written by the jobs (client users: theirs)',
        response: { 200: NoticeListResponse, ...errors },
      },
    },
    async (req) => listNotices(ctx, actorOf(req)),
  );

  app.get(
    '/api/certificate-settings',
    {
      config: { permission: 'certificates.configure' },
      schema: {
        tags,
        summary: 'Numbering, identity on the certificate, timings, CNCA layout; the public signing key',
        response: { 200: CertificateSettingsResponse, ...errors },
      },
    },
    async (req) => getSettings(ctx, actorOf(req)),
  );

  app.put(
    '/api/certificate-settings',
    {
      config: { permission: 'certificates.configure' },
      schema: {
        tags,
        summary: 'Change the certificate settings (optimistic: send the version you read)',
        body: CertificateSettingsBody,
        response: { 200: CertificateSettingsResponse, ...errors },
      },
    },
    async (req) => updateSettings(ctx, actorOf(req), req.body, req.id),
  );

  app.post(
    '/api/certificate-jobs/run',
    {
      config: { permission: 'certificates.manage' },
      schema: {
        tags,
        summary:
          'Run the certificate jobs (expiry, overdue surveillance, withdrawal proposals, reminders) for this body now',
        response: { 200: JobRunResponse, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      requirePermission(actor, 'certificates.manage');
      return runCertificateJobs(ctx, { cbId: actor.cbId });
    },
  );

  app.get(
    '/api/certificate-exports/iaf-certsearch',
    {
      config: { permission: 'certificates.export' },
      schema: {
        tags,
        summary: 'IAF CertSearch upload (XLSX, template 2.x fields): management-system certificates only',
        response: errors,
      },
    },
    async (req, reply) => {
      const r = await exportIaf(ctx, actorOf(req));
      if (r.message) reply.header('x-starmark-excluded', encodeURIComponent(r.message));
      return reply
        .type(XLSX)
        .header('content-disposition', attachment('iaf-certsearch.xlsx'))
        .send(r.buffer as never);
    },
  );

  app.get(
    '/api/certificate-exports/cnca-monthly',
    {
      config: { permission: 'certificates.export' },
      schema: {
        tags,
        summary: 'CNCA monthly report workbook: the month’s changes, sheets and headers as configured',
        querystring: MonthQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const r = await exportCnca(ctx, actorOf(req), req.query.month);
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`cnca-${req.query.month}.xlsx`))
        .send(r.buffer as never);
    },
  );
};
