import type { Permission, Role } from '../../src/domain/access/roles.ts';
import type { Session, TestApp, Tenant } from '../helpers/test-app.ts';
import { creditCode, csv, OUTLET_HEADER, outletRows } from '../helpers/registry.ts';

/**
 * The registry's routes for the permission matrix (permission-matrix.api.test.ts): clients, outlets,
 * staff, service managers, CB personnel, imports/exports and reference data. Each target is made in the
 * caller's own tenant (for a client user: in its own client) or in the other tenant.
 */
type Where = 'own' | 'other';

export interface RegistryTargets {
  client(where: Where): Promise<string>;
  clientVersion(id: string): Promise<number>;
  outlet(where: Where): Promise<{ id: string; version: number }>;
  staff(where: Where): Promise<{ id: string; version: number }>;
  manager(where: Where): Promise<{ id: string; version: number }>;
  personnel(where: Where): Promise<{ id: string; version: number }>;
  declaration(where: Where): Promise<{ id: string; version: number }>;
}

export interface RegistryRouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  permission: Permission | null;
  ok: number;
  request(
    t: { registry: RegistryTargets },
    where: Where,
    role: Role,
  ): Promise<{ url: string; body?: unknown; upload?: { file: Buffer; filename: string } }>;
  other?: 'notFound' | 'emptyList' | 'none';
}

export function registryTargets(
  t: TestApp,
  tenants: Record<Where, Tenant>,
  admins: Map<Where, Session>,
): RegistryTargets {
  const clients = new Map<Where, Promise<string>>();
  let n = 0;
  const admin = (w: Where) => admins.get(w)!;
  const client = (where: Where) => {
    // The tenant's client organisation gets its registry record once; client users belong to it.
    if (!clients.has(where)) {
      clients.set(
        where,
        admin(where)
          .post('/api/clients', {
            organisationId: tenants[where].clientId,
            legalNameZh: `矩阵客户 ${where}`,
            creditCode: creditCode(),
            enterpriseType: 'production',
          })
          .then((r) => {
            if (r.statusCode !== 201) throw new Error(r.body);
            return r.json().id as string;
          }),
      );
    }
    return clients.get(where)!;
  };
  const created = async (
    p: Promise<{ statusCode: number; body: string; json(): { id: string; version: number } }>,
  ) => {
    const r = await p;
    if (r.statusCode !== 201) throw new Error(r.body);
    return { id: r.json().id, version: r.json().version };
  };
  const targets: RegistryTargets = {
    client,
    clientVersion: async (id) =>
      (await t.ctx.db.selectFrom('clients').select('version').where('id', '=', id).executeTakeFirstOrThrow())
        .version,
    outlet: async (w) =>
      created(
        admin(w).post(`/api/clients/${await client(w)}/outlets`, { code: `M${++n}`, name: '矩阵网点' }),
      ),
    staff: async (w) =>
      created(
        admin(w).post(`/api/clients/${await client(w)}/staff`, { staffNo: `S${++n}`, name: '矩阵员工' }),
      ),
    manager: async (w) =>
      created(
        admin(w).post(`/api/clients/${await client(w)}/service-managers`, {
          name: '矩阵管理师',
          certificateNo: `C${++n}`,
          validUntil: '2030-01-01',
        }),
      ),
    personnel: async (w) => created(admin(w).post('/api/cb-personnel', { name: `矩阵人员${++n}` })),
    declaration: async (w) => {
      const p = await targets.personnel(w);
      const r = await admin(w).post(`/api/cb-personnel/${p.id}/declarations`, {
        organisationName: '某公司',
        relationship: 'consulting',
        startedOn: '2020-01-01',
      });
      if (r.statusCode !== 201) throw new Error(r.body);
      const d = r.json().declarations[0];
      return { id: d.id, version: d.version };
    },
  };
  return targets;
}

let m = 0;
const outletFile = () => Buffer.from(csv([OUTLET_HEADER, ...outletRows(2)]));
const staffFile = () =>
  Buffer.from(
    csv([
      ['工号', '姓名'],
      [`I${++m}`, '导入员工'],
    ]),
  );

export const REGISTRY_ROUTES: RegistryRouteCase[] = [
  {
    method: 'GET',
    path: '/api/clients',
    permission: 'clients.read',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/clients' }),
  },
  {
    method: 'POST',
    path: '/api/clients',
    permission: 'clients.manage',
    ok: 201,
    other: 'none',
    request: async () => ({
      url: '/api/clients',
      body: { legalNameZh: `新客户${++m}`, creditCode: creditCode(), enterpriseType: 'salesService' },
    }),
  },
  {
    method: 'GET',
    path: '/api/clients/:id',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/clients/${await registry.client(w)}` }),
  },
  {
    method: 'PATCH',
    path: '/api/clients/:id',
    permission: 'clients.manage',
    ok: 200,
    request: async ({ registry }, w) => {
      const id = await registry.client(w);
      return {
        url: `/api/clients/${id}`,
        body: { headcount: ++m, version: await registry.clientVersion(id) },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/clients/:id/staffing',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/clients/${await registry.client(w)}/staffing` }),
  },
  {
    method: 'GET',
    path: '/api/clients/:id/outlets',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/clients/${await registry.client(w)}/outlets` }),
  },
  {
    method: 'POST',
    path: '/api/clients/:id/outlets',
    permission: 'outlets.manage',
    ok: 201,
    request: async ({ registry }, w) => ({
      url: `/api/clients/${await registry.client(w)}/outlets`,
      body: { code: `N${++m}`, name: '新网点' },
    }),
  },
  {
    method: 'GET',
    path: '/api/clients/:id/outlet-regions',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/clients/${await registry.client(w)}/outlet-regions` }),
  },
  {
    method: 'GET',
    path: '/api/outlets/:id',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/outlets/${(await registry.outlet(w)).id}` }),
  },
  {
    method: 'PATCH',
    path: '/api/outlets/:id',
    permission: 'outlets.manage',
    ok: 200,
    request: async ({ registry }, w) => {
      const o = await registry.outlet(w);
      return { url: `/api/outlets/${o.id}`, body: { status: 'closed', version: o.version } };
    },
  },
  {
    method: 'GET',
    path: '/api/outlets/:id/history',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/outlets/${(await registry.outlet(w)).id}/history` }),
  },
  {
    method: 'GET',
    path: '/api/clients/:id/staff',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/clients/${await registry.client(w)}/staff` }),
  },
  {
    method: 'POST',
    path: '/api/clients/:id/staff',
    permission: 'staff.manage',
    ok: 201,
    request: async ({ registry }, w) => ({
      url: `/api/clients/${await registry.client(w)}/staff`,
      body: { staffNo: `T${++m}`, name: '新员工' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/client-staff/:id',
    permission: 'staff.manage',
    ok: 200,
    request: async ({ registry }, w) => {
      const s = await registry.staff(w);
      return { url: `/api/client-staff/${s.id}`, body: { position: '主管', version: s.version } };
    },
  },
  {
    method: 'GET',
    path: '/api/clients/:id/service-managers',
    permission: 'clients.read',
    ok: 200,
    request: async ({ registry }, w) => ({
      url: `/api/clients/${await registry.client(w)}/service-managers`,
    }),
  },
  {
    method: 'POST',
    path: '/api/clients/:id/service-managers',
    permission: 'staff.manage',
    ok: 201,
    request: async ({ registry }, w) => ({
      url: `/api/clients/${await registry.client(w)}/service-managers`,
      body: { name: '管理师', certificateNo: `K${++m}`, validUntil: '2030-12-31' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/service-managers/:id',
    permission: 'staff.manage',
    ok: 200,
    request: async ({ registry }, w) => {
      const s = await registry.manager(w);
      return { url: `/api/service-managers/${s.id}`, body: { level: '高级', version: s.version } };
    },
  },
  ...(['outlets', 'staff'] as const).flatMap((kind): RegistryRouteCase[] => [
    {
      method: 'POST',
      path: `/api/clients/:id/${kind}/import`,
      permission: kind === 'outlets' ? 'outlets.manage' : 'staff.manage',
      ok: 200,
      request: async ({ registry }, w) => ({
        url: `/api/clients/${await registry.client(w)}/${kind}/import?mode=dryRun`,
        upload: { file: kind === 'outlets' ? outletFile() : staffFile(), filename: `${kind}.csv` },
      }),
    },
    {
      method: 'GET',
      path: `/api/clients/:id/${kind}/export`,
      permission: 'clients.read',
      ok: 200,
      request: async ({ registry }, w) => ({
        url: `/api/clients/${await registry.client(w)}/${kind}/export?format=csv`,
      }),
    },
  ]),
  {
    method: 'GET',
    path: '/api/outlets/template',
    permission: 'clients.read',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/outlets/template' }),
  },
  {
    method: 'GET',
    path: '/api/client-staff/template',
    permission: 'clients.read',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/client-staff/template?format=csv' }),
  },
  {
    method: 'GET',
    path: '/api/cb-personnel',
    permission: 'personnel.read',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/cb-personnel' }),
  },
  {
    method: 'POST',
    path: '/api/cb-personnel',
    permission: 'personnel.manage',
    ok: 201,
    other: 'none',
    request: async () => ({ url: '/api/cb-personnel', body: { name: `新人员${++m}` } }),
  },
  {
    method: 'GET',
    path: '/api/cb-personnel/:id',
    permission: 'personnel.read',
    ok: 200,
    request: async ({ registry }, w) => ({ url: `/api/cb-personnel/${(await registry.personnel(w)).id}` }),
  },
  {
    method: 'PATCH',
    path: '/api/cb-personnel/:id',
    permission: 'personnel.manage',
    ok: 200,
    request: async ({ registry }, w) => {
      const p = await registry.personnel(w);
      return { url: `/api/cb-personnel/${p.id}`, body: { languages: ['zh'], version: p.version } };
    },
  },
  {
    method: 'POST',
    path: '/api/cb-personnel/:id/declarations',
    permission: 'personnel.manage',
    ok: 201,
    request: async ({ registry }, w) => ({
      url: `/api/cb-personnel/${(await registry.personnel(w)).id}/declarations`,
      body: {
        organisationName: '某咨询公司',
        relationship: 'consulting',
        startedOn: '2021-01-01',
        endedOn: '2022-01-01',
      },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/impartiality-declarations/:id',
    permission: 'personnel.manage',
    ok: 200,
    request: async ({ registry }, w) => {
      const d = await registry.declaration(w);
      return {
        url: `/api/impartiality-declarations/${d.id}`,
        body: { endedOn: '2024-01-01', version: d.version },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/reference/divisions',
    permission: null,
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/reference/divisions?parent=440000' }),
  },
  {
    method: 'GET',
    path: '/api/reference/industries',
    permission: null,
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/reference/industries' }),
  },
];
