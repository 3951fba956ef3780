import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  type Session,
  type TestApp,
  type Tenant,
} from '../helpers/test-app.ts';
import { creditCode } from '../helpers/registry.ts';

let t: TestApp;
let a: Tenant;
let admin: Session;
let pm: Session;
let adminB: Session;
let clientId: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.ctx, 'CB A');
  const b = await createTenant(t.ctx, 'CB B');
  admin = await login(t.app, (await createUser(t.ctx, a.cbId, ['cbAdmin'])).email);
  pm = await login(t.app, (await createUser(t.ctx, a.cbId, ['programmeManager'])).email);
  adminB = await login(t.app, (await createUser(t.ctx, b.cbId, ['cbAdmin'])).email);
  clientId = (
    await admin.post('/api/clients', {
      legalNameZh: '受评企业',
      creditCode: creditCode(),
      enterpriseType: 'production',
    })
  ).json().id;
});
afterAll(() => t.close());

describe('CB personnel', () => {
  it('records evaluators with qualifications, competences, languages and home region; masks personal numbers', async () => {
    const user = await createUser(t.ctx, a.cbId, ['evaluator']);
    const r = await admin.post('/api/cb-personnel', {
      userId: user.id,
      name: '王评价',
      email: 'wang@cb.example',
      phone: '13900001111',
      idNumber: '11010519491231002X',
      homeDivisionCode: '310115',
      languages: ['zh', 'en', 'zh'],
      competenceCodes: ['c38', '52'],
      qualifications: [
        { scheme: 'gbt27922', role: 'lead', registrationNo: 'R-1', validUntil: '2028-12-31' },
        { scheme: 'iso9001', role: 'evaluator', validUntil: '2025-01-01' },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json();
    expect(p).toMatchObject({
      languages: ['zh', 'en'],
      competences: [
        { code: '38', sectionCode: 'C' },
        { code: '52', sectionCode: 'F' },
      ],
      homeDivision: { fullName: '上海市浦东新区' },
      phone: '13900001111',
      qualifications: [
        { scheme: 'gbt27922', role: 'lead', current: true },
        { scheme: 'iso9001', current: false },
      ],
    });
    const seenByPm = (await pm.get(`/api/cb-personnel/${p.id}`)).json();
    expect(seenByPm.phone).toBe('13900001111'); // programme managers may read personal data
    const schemeManager = await login(t.app, (await createUser(t.ctx, a.cbId, ['schemeManager'])).email);
    expect((await schemeManager.get(`/api/cb-personnel/${p.id}`)).json()).toMatchObject({
      phone: '139****1111',
      idNumber: '110***********002X',
      personalDataMasked: true,
    });
    expect((await admin.post('/api/cb-personnel', { name: 'x', competenceCodes: ['99'] })).statusCode).toBe(
      400,
    );
    expect(
      (
        await admin.post('/api/cb-personnel', {
          name: 'x',
          userId: (await createUser(t.ctx, a.clientId, ['clientUser'])).id,
        })
      ).json().error.code,
    ).toBe('unknown_user');

    const upd = await admin.patch(`/api/cb-personnel/${p.id}`, {
      qualifications: [{ scheme: 'gbt27922', role: 'expert' }],
      phone: '139****1111',
      version: 1,
    });
    expect(upd.json()).toMatchObject({
      version: 2,
      phone: '13900001111',
      qualifications: [{ role: 'expert' }],
    });
    expect((await admin.get('/api/cb-personnel?scheme=gbt27922&role=expert')).json().total).toBe(1);
    expect((await admin.get('/api/cb-personnel?scheme=gbt27922&role=lead')).json().total).toBe(0);
    expect((await admin.get('/api/cb-personnel?competence=C')).json().total).toBe(1);
    expect((await admin.get('/api/cb-personnel?competence=01')).json().total).toBe(0);
    expect((await adminB.get(`/api/cb-personnel/${p.id}`)).statusCode).toBe(404);
    expect((await adminB.patch(`/api/cb-personnel/${p.id}`, { name: 'x', version: 2 })).statusCode).toBe(404);
    expect((await adminB.get('/api/cb-personnel')).json().total).toBe(0);
  });

  it('blocks people with a relationship to the client within two years, for the workflow', async () => {
    const mk = async (name: string) => (await admin.post('/api/cb-personnel', { name })).json().id as string;
    const consultant = await mk('顾问出身');
    const employee = await mk('前员工');
    const free = await mk('无关联');
    const d1 = await admin.post(`/api/cb-personnel/${consultant}/declarations`, {
      clientId,
      relationship: 'consulting',
      startedOn: '2023-01-01',
      endedOn: '2025-06-30',
    });
    expect(d1.statusCode, d1.body).toBe(201);
    expect(d1.json().declarations[0]).toMatchObject({
      organisationName: '受评企业',
      relationship: 'consulting',
    });
    await admin.post(`/api/cb-personnel/${employee}/declarations`, {
      clientId,
      relationship: 'employment',
      startedOn: '2010-01-01',
      endedOn: '2020-01-01',
    });
    await admin.post(`/api/cb-personnel/${free}/declarations`, {
      organisationName: '别的公司',
      relationship: 'consulting',
      startedOn: '2024-01-01',
    });
    expect(
      (
        await admin.post(`/api/cb-personnel/${free}/declarations`, {
          relationship: 'consulting',
          startedOn: '2024-01-01',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await admin.post(`/api/cb-personnel/${free}/declarations`, {
          clientId,
          relationship: 'other',
          startedOn: '2024-01-01',
          endedOn: '2023-01-01',
        })
      ).statusCode,
    ).toBe(400);

    const list = (await admin.get(`/api/cb-personnel?clientId=${clientId}&on=2026-11-30&q=顾问`)).json();
    expect(list.items[0].impartiality).toEqual({
      clientId,
      on: '2026-11-30',
      blocked: true,
      blockedUntil: '2027-06-30',
      ongoing: false,
    });
    const available = (
      await admin.get(`/api/cb-personnel?clientId=${clientId}&excludeBlocked=true&on=2026-11-30`)
    ).json();
    const names = available.items.map((p: { name: string }) => p.name);
    expect(names).toContain('前员工');
    expect(names).toContain('无关联');
    expect(names).not.toContain('顾问出身');
    expect(
      (await admin.get(`/api/cb-personnel?clientId=${clientId}&excludeBlocked=true&on=2027-07-01`))
        .json()
        .items.map((p: { name: string }) => p.name),
    ).toContain('顾问出身');

    // The relationship turns out to have gone on longer: the record is corrected, under optimistic concurrency.
    const decl = d1.json().declarations[0];
    const moved = await admin.patch(`/api/impartiality-declarations/${decl.id}`, {
      endedOn: '2026-01-31',
      version: decl.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(
      (await admin.get(`/api/cb-personnel/${consultant}?clientId=${clientId}&on=2026-11-30`)).json()
        .impartiality.blockedUntil,
    ).toBe('2028-01-31');
    expect(
      (
        await admin.patch(`/api/impartiality-declarations/${decl.id}`, {
          endedOn: null,
          version: decl.version,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await adminB.patch(`/api/impartiality-declarations/${decl.id}`, { endedOn: null, version: 2 }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await adminB.post(`/api/cb-personnel/${consultant}/declarations`, {
          organisationName: 'x',
          relationship: 'other',
          startedOn: '2024-01-01',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('pages by name with a cursor', async () => {
    for (let i = 0; i < 5; i++) await admin.post('/api/cb-personnel', { name: `分页人员${i}` });
    const first = (await admin.get('/api/cb-personnel?q=分页人员&limit=2')).json();
    const second = (await admin.get(`/api/cb-personnel?q=分页人员&limit=2&after=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((p: { name: string }) => p.name)).toEqual([
      '分页人员0',
      '分页人员1',
      '分页人员2',
      '分页人员3',
    ]);
    expect(second.total).toBe(5);
  });
});

describe('reference data', () => {
  it('serves divisions by parent and the GB/T 4754 industries to any signed-in user', async () => {
    const user = await login(t.app, (await createUser(t.ctx, a.clientId, ['clientUser'])).email);
    const provinces = (await user.get('/api/reference/divisions')).json();
    expect(provinces.items).toHaveLength(34);
    expect(provinces.items[0]).toEqual({
      code: '110000',
      name: '北京市',
      level: 'province',
      hasChildren: true,
    });
    const counties = (await user.get('/api/reference/divisions?parent=440300')).json().items;
    expect(counties.find((d: { code: string }) => d.code === '440305')).toMatchObject({
      name: '南山区',
      hasChildren: false,
    });
    const industries = (await user.get('/api/reference/industries')).json();
    expect(industries.sections).toHaveLength(20);
    expect((await t.app.inject({ method: 'GET', url: '/api/reference/industries' })).statusCode).toBe(401);
  });
});
