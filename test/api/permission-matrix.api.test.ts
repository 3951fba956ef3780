import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, ROLES, type Permission, type Role } from '../../src/domain/access/roles.ts';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  PASSWORD,
  type Session,
  type TestApp,
  type Tenant,
} from '../helpers/test-app.ts';
import { upload } from '../helpers/registry.ts';
import { REGISTRY_ROUTES, registryTargets, type RegistryTargets } from './permission-matrix.registry.ts';
import {
  CERTIFICATE_PUBLIC,
  CERTIFICATE_ROUTES,
  certificateTargets,
  type CertificateTargets,
} from './permission-matrix.certificates.ts';
import { WORKFLOW_ROUTES, workflowTargets, type WorkflowTargets } from './permission-matrix.workflow.ts';
import { MYSTERY_ROUTES, mysteryTargets, type MysteryTargets } from './permission-matrix.mystery.ts';
import { SURVEY_ROUTES, surveyTargets, type SurveyTargets } from './permission-matrix.surveys.ts';

/**
 * The authorization matrix: every route of the API × every role × a target in the caller's own
 * tenant and in another tenant. Without the permission → 403; with it, another tenant's record → 404
 * (existence does not leak); otherwise the route works.
 */
type Where = 'own' | 'other';
interface Targets {
  own: Tenant;
  other: Tenant;
  /** A fresh user in the caller's organisation scope (own) or the other tenant (other). */
  user(where: Where, role: Role): Promise<{ id: string; version: number }>;
  apiToken(where: Where): Promise<string>;
  /** Clients, outlets, staff, personnel (permission-matrix.registry.ts). */
  registry: RegistryTargets;
  /** Certificates of the tenant's client (permission-matrix.certificates.ts). */
  certificates: CertificateTargets;
  /** Applications, programmes, evaluations, findings (permission-matrix.workflow.ts). */
  workflow: WorkflowTargets;
  /** Mystery scenarios and visits (permission-matrix.mystery.ts). */
  mystery: MysteryTargets;
  /** Survey questionnaires and campaigns (permission-matrix.surveys.ts). */
  surveys: SurveyTargets;
  orgVersion(id: string): Promise<number>;
  /** The built-in reference scheme version of a tenant, and a fresh body draft derived from it. */
  scheme(where: Where): Promise<string>;
  schemeDraft(where: Where): Promise<{ id: string; version: number }>;
}
interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  /** null: any signed-in user. */
  permission: Permission | null;
  ok: number;
  /** Where a person rule answers otherwise for some roles (e.g. 404 for staff outside an evaluation's people). */
  okFor?: Partial<Record<Role, number>>;
  /** Builds the URL and body for a target in `where`; omitted when the route names no record. */
  request(
    t: Targets,
    where: Where,
    role: Role,
  ): Promise<{ url: string; body?: unknown; upload?: { file: Buffer; filename: string } }>;
  /** For routes that name no record: what "other tenant" means, if anything. */
  other?: 'notFound' | 'emptyList' | 'none';
}

const isClientRole = (r: Role) => r === 'clientAdmin' || r === 'clientUser';
const orgOf = (t: Targets, where: Where, role: Role) =>
  isClientRole(role) ? t[where].clientId : t[where].cbId;

let n = 0;
const ROUTES: RouteCase[] = [
  {
    method: 'GET',
    path: '/api/auth/me',
    permission: null,
    ok: 200,
    request: async () => ({ url: '/api/auth/me' }),
    other: 'none',
  },
  {
    method: 'PUT',
    path: '/api/auth/preferences',
    permission: null,
    ok: 200,
    request: async () => ({ url: '/api/auth/preferences', body: { locale: 'en' } }),
    other: 'none',
  },
  {
    method: 'POST',
    path: '/api/auth/password',
    permission: null,
    ok: 400,
    request: async () => ({
      url: '/api/auth/password',
      body: { currentPassword: 'wrong-password', newPassword: 'another-long-password' },
    }),
    other: 'none',
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    permission: null,
    ok: 204,
    request: async () => ({ url: '/api/auth/logout' }),
    other: 'none',
  },
  {
    method: 'GET',
    path: '/api/users',
    permission: 'users.read',
    ok: 200,
    other: 'emptyList',
    request: async (t, where, role) => ({
      url: where === 'own' ? '/api/users' : `/api/users?organisationId=${orgOf(t, 'other', role)}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/users',
    permission: 'users.manage',
    ok: 201,
    other: 'notFound',
    request: async (t, where, role) => ({
      url: '/api/users',
      body: {
        email: `m${++n}@matrix.example`,
        displayName: 'M',
        roles: [isClientRole(role) ? 'clientUser' : 'evaluator'],
        organisationId: orgOf(t, where, role),
      },
    }),
  },
  {
    method: 'GET',
    path: '/api/users/:id',
    permission: 'users.read',
    ok: 200,
    request: async (t, w, r) => ({ url: `/api/users/${(await t.user(w, r)).id}` }),
  },
  {
    method: 'PATCH',
    path: '/api/users/:id',
    permission: 'users.manage',
    ok: 200,
    request: async (t, w, r) => {
      const u = await t.user(w, r);
      return { url: `/api/users/${u.id}`, body: { displayName: 'Renamed', version: u.version } };
    },
  },
  ...(['disable', 'enable', 'reset-password'] as const).map((verb): RouteCase => ({
    method: 'POST',
    path: `/api/users/:id/${verb}`,
    permission: 'users.manage',
    ok: 200,
    request: async (t, w, r) => {
      const u = await t.user(w, r);
      return { url: `/api/users/${u.id}/${verb}`, body: { version: u.version } };
    },
  })),
  {
    method: 'GET',
    path: '/api/organisations',
    permission: 'organisations.read',
    ok: 200,
    request: async () => ({ url: '/api/organisations' }),
    other: 'none',
  },
  {
    method: 'POST',
    path: '/api/organisations',
    permission: 'organisations.manage',
    ok: 201,
    request: async () => ({ url: '/api/organisations', body: { name: '新客户' } }),
    other: 'none',
  },
  {
    method: 'PATCH',
    path: '/api/organisations/:id',
    permission: 'organisations.manage',
    ok: 200,
    request: async (t, w) => {
      const id = t[w].clientId;
      return {
        url: `/api/organisations/${id}`,
        body: { name: `Client ${++n}`, version: await t.orgVersion(id) },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/audit',
    permission: 'audit.read',
    ok: 200,
    request: async () => ({ url: '/api/audit' }),
    other: 'none',
  },
  {
    method: 'GET',
    path: '/api/api-tokens',
    permission: 'apiTokens.manage',
    ok: 200,
    request: async () => ({ url: '/api/api-tokens' }),
    other: 'none',
  },
  {
    method: 'POST',
    path: '/api/api-tokens',
    permission: 'apiTokens.manage',
    ok: 201,
    request: async (_t, _w, r) => ({ url: '/api/api-tokens', body: { name: 'ci', roles: [r] } }),
    other: 'none',
  },
  {
    method: 'POST',
    path: '/api/api-tokens/:id/revoke',
    permission: 'apiTokens.manage',
    ok: 200,
    request: async (t, w) => ({ url: `/api/api-tokens/${await t.apiToken(w)}/revoke` }),
  },
  {
    method: 'GET',
    path: '/api/schemes',
    permission: 'schemes.read',
    ok: 200,
    request: async () => ({ url: '/api/schemes' }),
    other: 'none',
  },
  {
    method: 'GET',
    path: '/api/schemes/:id',
    permission: 'schemes.read',
    ok: 200,
    request: async (t, w) => ({ url: `/api/schemes/${await t.scheme(w)}` }),
  },
  {
    method: 'GET',
    path: '/api/schemes/:id/export',
    permission: 'schemes.read',
    ok: 200,
    request: async (t, w) => ({ url: `/api/schemes/${await t.scheme(w)}/export` }),
  },
  {
    method: 'GET',
    path: '/api/schemes/:id/diff',
    permission: 'schemes.read',
    ok: 200,
    request: async (t, w) => ({ url: `/api/schemes/${await t.scheme(w)}/diff?against=${await t.scheme(w)}` }),
  },
  {
    method: 'POST',
    path: '/api/schemes/import',
    permission: 'schemes.manage',
    ok: 422,
    request: async () => ({ url: '/api/schemes/import', body: { yaml: 'format: x' } }),
    other: 'none',
  },
  {
    method: 'POST',
    path: '/api/schemes/:id/derive',
    permission: 'schemes.manage',
    ok: 201,
    request: async (t, w) => ({
      url: `/api/schemes/${await t.scheme(w)}/derive`,
      body: { urn: 'urn:starmark:scheme:matrix', schemeVersion: `m${++n}` },
    }),
  },
  {
    method: 'PUT',
    path: '/api/schemes/:id/overlay',
    permission: 'schemes.manage',
    ok: 200,
    request: async (t, w) => {
      const d = await t.schemeDraft(w);
      return { url: `/api/schemes/${d.id}/overlay`, body: { changes: [], version: d.version } };
    },
  },
  {
    method: 'POST',
    path: '/api/schemes/:id/publish',
    permission: 'schemes.manage',
    ok: 200,
    request: async (t, w) => {
      const d = await t.schemeDraft(w);
      return { url: `/api/schemes/${d.id}/publish`, body: { version: d.version } };
    },
  },
  {
    method: 'POST',
    path: '/api/calculations/score',
    permission: 'calculations.run',
    ok: 200,
    other: 'none',
    request: async () => ({
      url: '/api/calculations/score',
      body: { scheme: { urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' }, results: [] },
    }),
  },
  {
    method: 'POST',
    path: '/api/calculations/sample',
    permission: 'calculations.run',
    ok: 200,
    other: 'none',
    request: async () => ({
      url: '/api/calculations/sample',
      body: {
        scheme: { urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' },
        stage: 'initial',
        seed: 1,
        outlets: [{ id: 'a', region: '110000', ownership: 'owned' }],
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/calculations/effort',
    permission: 'calculations.run',
    ok: 200,
    other: 'none',
    request: async () => ({
      url: '/api/calculations/effort',
      body: {
        scheme: { urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' },
        stage: 'initial',
        enterprise: { employees: 50 },
        visitedOutlets: 2,
      },
    }),
  },
  ...REGISTRY_ROUTES,
  ...CERTIFICATE_ROUTES,
  ...WORKFLOW_ROUTES,
  ...MYSTERY_ROUTES,
  ...SURVEY_ROUTES,
] as RouteCase[];

const PUBLIC = ['GET /api/health', 'GET /api/ready', 'POST /api/auth/login', ...CERTIFICATE_PUBLIC];

let t: TestApp;
let targets: Targets;
const sessions = new Map<Role, Session>();
const tokenMakers = new Map<Where, Session>();

beforeAll(async () => {
  // Every case signs in afresh (logout and password cases end sessions): well over 1,000 sign-ins a minute.
  t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100000' });
  const own = await createTenant(t.ctx, 'Own CB');
  const other = await createTenant(t.ctx, 'Other CB');
  for (const where of ['own', 'other'] as const) {
    const admin = await createUser(t.ctx, where === 'own' ? own.cbId : other.cbId, ['cbAdmin']);
    tokenMakers.set(where, await login(t.app, admin.email));
  }
  targets = {
    own,
    other,
    user: async (where, role) => {
      const tenant = where === 'own' ? own : other;
      const u = await createUser(t.ctx, isClientRole(role) ? tenant.clientId : tenant.cbId, [
        isClientRole(role) ? 'clientUser' : 'evaluator',
      ]);
      return { id: u.id, version: 1 };
    },
    registry: registryTargets(t, { own, other }, tokenMakers),
    certificates: certificateTargets(t, { own, other }, tokenMakers),
    workflow: workflowTargets(t, { own, other }, (where) => targets.registry.client(where)),
    mystery: mysteryTargets(t, () => targets.workflow),
    surveys: surveyTargets(() => targets.workflow),
    apiToken: async (where) => {
      const res = await tokenMakers
        .get(where)!
        .post('/api/api-tokens', { name: 'target', roles: ['cbAdmin'] });
      return res.json().token.id;
    },
    scheme: async (where) => {
      const list = (await tokenMakers.get(where)!.get('/api/schemes')).json();
      return list.items.find((x: { builtin: boolean }) => x.builtin).id;
    },
    schemeDraft: async (where) => {
      const base = await targets.scheme(where);
      const res = await tokenMakers.get(where)!.post(`/api/schemes/${base}/derive`, {
        urn: 'urn:starmark:scheme:matrix:target',
        schemeVersion: `t${++n}`,
      });
      return { id: res.json().id, version: 1 };
    },
    orgVersion: async (id) =>
      (
        await t.ctx.db
          .selectFrom('organisations')
          .select('version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).version,
  };
});
afterAll(() => t.close());

async function sessionFor(role: Role): Promise<Session> {
  // Logout and password tests end or change sessions: sign in afresh for every case.
  const u = await createUser(t.ctx, isClientRole(role) ? targets.own.clientId : targets.own.cbId, [role]);
  const s = await login(t.app, u.email, PASSWORD);
  sessions.set(role, s);
  return s;
}

describe('permission matrix', () => {
  it('covers every route the API documents', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const covered = [...ROUTES.map((r) => `${r.method} ${r.path}`), ...PUBLIC];
    expect(documented.sort()).toEqual(covered.sort());
  });

  it('answers 401 on every non-public route without a session', async () => {
    for (const route of ROUTES) {
      const res = await t.app.inject({
        method: route.method,
        url: route.path.replace(':id', '00000000-0000-4000-8000-000000000000'),
        payload: {},
      });
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(401);
    }
  });

  for (const role of ROLES) {
    for (const where of ['own', 'other'] as const) {
      it(`${role} × ${where} tenant`, async () => {
        for (const route of ROUTES) {
          if (where === 'other' && route.other === 'none') continue;
          const session = await sessionFor(role);
          const { url, body, upload: file } = await route.request(targets, where, role);
          const res = file
            ? await upload(t.app, session, url, file.file, file.filename)
            : await session.inject(route.method, url, body ?? (route.method === 'GET' ? undefined : {}));
          const label = `${role} ${route.method} ${url} (${where})`;
          const allowed = route.permission === null || hasPermission([role], route.permission);
          if (!allowed) {
            expect(res.statusCode, label).toBe(403);
          } else if (where === 'other' && route.other === 'emptyList') {
            expect(res.statusCode, label).toBe(200);
            expect(res.json().items, label).toEqual([]);
          } else if (where === 'other') {
            expect(res.statusCode, label).toBe(404);
          } else {
            expect(res.statusCode, `${label}: ${res.body}`).toBe(route.okFor?.[role] ?? route.ok);
          }
        }
        // Every route signs in afresh and builds its targets: the whole matrix of one role takes a while.
      }, 120_000);
    }
  }
});
