import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { renderCertificatePdf, starMarkPng, starMarkSvg } from './certificate-documents.ts';
import {
  loadSettings,
  verificationBase,
  verificationUrl,
  visibleCertificate,
} from './certificates.service.ts';

const safeName = (s: string) => s.replace(/[^\w.-]+/g, '_');

export async function certificatePdf(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'certificates.read');
  const row = await visibleCertificate(ctx.db, actor, id);
  const settings = await loadSettings(ctx, ctx.db, row.cbId);
  const cb = await ctx.db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', row.cbId)
    .executeTakeFirstOrThrow();
  const file = await renderCertificatePdf({
    row,
    cbName: cb.name,
    settings,
    verificationUrl: verificationUrl(verificationBase(ctx, settings), row.signedToken),
  });
  return { file, name: `certificate-${safeName(row.certificateNumber)}-r${row.revision}.pdf` };
}

/** The star mark may be used only while the certificate is valid: otherwise 409 certificate_not_valid. */
export async function certificateMark(
  ctx: AppContext,
  actor: Actor,
  id: string,
  format: 'svg' | 'png',
  width?: number,
) {
  requirePermission(actor, 'certificates.read');
  const row = await visibleCertificate(ctx.db, actor, id);
  if (row.status !== 'active') {
    throw new AppError(
      409,
      'certificate_not_valid',
      `The star mark may only be used while the certificate is valid; it is ${row.status}.`,
      {
        status: row.status,
      },
    );
  }
  const file = format === 'svg' ? starMarkSvg(row) : starMarkPng(row, width);
  return { file, name: `star-mark-${safeName(row.certificateNumber)}.${format}` };
}
