import type { Permission, Role } from '../../src/domain/access/roles.ts';
import type { Session, TestApp, Tenant } from '../helpers/test-app.ts';
import { issueBody } from '../helpers/certificates.ts';

/**
 * The certificates' routes for the permission matrix (permission-matrix.api.test.ts). Targets are
 * certificates of the tenant's client organisation, so a client user's own tenant is its own client.
 */
type Where = 'own' | 'other';

export interface CertificateTargets {
  /** A fresh certificate (active, or suspended for restore). */
  certificate(where: Where, status?: 'active' | 'suspended'): Promise<{ id: string; version: number }>;
  /** One certificate per tenant for the routes that only read (made once). */
  readable(where: Where): Promise<string>;
  settingsVersion(where: Where): Promise<number>;
}

export interface CertificateRouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  permission: Permission | null;
  ok: number;
  request(
    t: { certificates: CertificateTargets; own: Tenant; other: Tenant },
    where: Where,
    role: Role,
  ): Promise<{ url: string; body?: unknown }>;
  other?: 'notFound' | 'emptyList' | 'none';
}

export function certificateTargets(
  t: TestApp,
  tenants: Record<Where, Tenant>,
  admins: Map<Where, Session>,
): CertificateTargets {
  const readable = new Map<Where, Promise<string>>();
  const schemes: Partial<Record<Where, Promise<unknown>>> = {};
  const targets: CertificateTargets = {
    readable: (where) => {
      if (!readable.has(where))
        readable.set(
          where,
          targets.certificate(where).then((c) => c.id),
        );
      return readable.get(where)!;
    },
    certificate: async (where, status = 'active') => {
      const admin = admins.get(where)!;
      await (schemes[where] ??= admin.get('/api/schemes'));
      const res = await admin.post('/api/certificates', issueBody(tenants[where].clientId));
      if (res.statusCode !== 201) throw new Error(res.body);
      const c = res.json() as { id: string; version: number };
      if (status === 'active') return { id: c.id, version: c.version };
      const s = await admin.post(`/api/certificates/${c.id}/suspend`, {
        version: c.version,
        reasonCode: 'client_request',
      });
      if (s.statusCode !== 200) throw new Error(s.body);
      return { id: c.id, version: s.json().version };
    },
    settingsVersion: async (where) =>
      (
        await t.ctx.db
          .selectFrom('certificateSettings')
          .select('version')
          .where('cbId', '=', tenants[where].cbId)
          .executeTakeFirst()
      )?.version ?? 1,
  };
  return targets;
}

const onCertificate = (
  verb: string,
  permission: Permission,
  body: (version: number) => unknown,
  status?: 'suspended',
): CertificateRouteCase => ({
  method: 'POST',
  path: `/api/certificates/:id/${verb}`,
  permission,
  ok: verb === 'revisions' ? 201 : 200,
  request: async (t, w) => {
    const c = await t.certificates.certificate(w, status);
    return { url: `/api/certificates/${c.id}/${verb}`, body: body(c.version) };
  },
});

export const CERTIFICATE_ROUTES: CertificateRouteCase[] = [
  {
    method: 'GET',
    path: '/api/certificates',
    permission: 'certificates.read',
    ok: 200,
    other: 'emptyList',
    request: async (t, w) => ({
      url: w === 'own' ? '/api/certificates' : `/api/certificates?clientId=${t.other.clientId}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/certificates',
    permission: 'certificates.issue',
    ok: 201,
    other: 'notFound',
    request: async (t, w) => ({ url: '/api/certificates', body: issueBody(t[w].clientId) }),
  },
  {
    method: 'GET',
    path: '/api/certificates/:id',
    permission: 'certificates.read',
    ok: 200,
    request: async (t, w) => ({ url: `/api/certificates/${await t.certificates.readable(w)}` }),
  },
  {
    method: 'PATCH',
    path: '/api/certificates/:id',
    permission: 'certificates.manage',
    ok: 200,
    request: async (t, w) => {
      const c = await t.certificates.certificate(w);
      return { url: `/api/certificates/${c.id}`, body: { version: c.version, confidential: true } };
    },
  },
  onCertificate('revisions', 'certificates.issue', (version) => ({
    version,
    reasonCode: 'scope_change',
    scopeZh: '新范围',
  })),
  onCertificate('suspend', 'certificates.manage', (version) => ({ version, reasonCode: 'client_request' })),
  onCertificate('restore', 'certificates.manage', (version) => ({ version }), 'suspended'),
  onCertificate('withdraw', 'certificates.manage', (version) => ({ version, reasonCode: 'fraud' })),
  onCertificate('cancel', 'certificates.manage', (version) => ({ version })),
  onCertificate('surveillance', 'certificates.manage', (version) => ({ version, completedOn: '2026-11-30' })),
  ...(['pdf', 'mark.svg', 'mark.png'] as const).map((file): CertificateRouteCase => ({
    method: 'GET',
    path: `/api/certificates/:id/${file}`,
    permission: 'certificates.read',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/certificates/${(await t.certificates.certificate(w)).id}/${file}`,
    }),
  })),
  {
    method: 'GET',
    path: '/api/certificate-notices',
    permission: 'certificates.read',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/certificate-notices' }),
  },
  {
    method: 'GET',
    path: '/api/certificate-settings',
    permission: 'certificates.configure',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/certificate-settings' }),
  },
  {
    method: 'PUT',
    path: '/api/certificate-settings',
    permission: 'certificates.configure',
    ok: 200,
    other: 'none',
    request: async (t) => ({
      url: '/api/certificate-settings',
      body: { version: await t.certificates.settingsVersion('own'), cbNameEn: 'Matrix CB' },
    }),
  },
  {
    method: 'POST',
    path: '/api/certificate-jobs/run',
    permission: 'certificates.manage',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/certificate-jobs/run' }),
  },
  {
    method: 'GET',
    path: '/api/certificate-exports/iaf-certsearch',
    permission: 'certificates.export',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/certificate-exports/iaf-certsearch' }),
  },
  {
    method: 'GET',
    path: '/api/certificate-exports/cnca-monthly',
    permission: 'certificates.export',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/certificate-exports/cnca-monthly?month=2026-11' }),
  },
];

/** Public verification routes documented in the OpenAPI (the HTML pages under /verify are not). */
export const CERTIFICATE_PUBLIC = [
  'GET /api/public/certificates',
  'GET /api/public/certificates/verify',
  'GET /api/public/signing-keys',
  'GET /api/public/signing-keys/:kid',
];
