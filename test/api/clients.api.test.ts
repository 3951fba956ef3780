import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/modules/audit/audit.service.ts';
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
let b: Tenant;
let adminA: Session;
let adminB: Session;
let pm: Session;
let evaluator: Session;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.ctx, 'CB A');
  b = await createTenant(t.ctx, 'CB B');
  adminA = await login(t.app, (await createUser(t.ctx, a.cbId, ['cbAdmin'])).email);
  adminB = await login(t.app, (await createUser(t.ctx, b.cbId, ['cbAdmin'])).email);
  pm = await login(t.app, (await createUser(t.ctx, a.cbId, ['programmeManager'])).email);
  evaluator = await login(t.app, (await createUser(t.ctx, a.cbId, ['evaluator'])).email);
});
afterAll(() => t.close());

const clientBody = (over: Record<string, unknown> = {}) => ({
  legalNameZh: '深圳市示例电器服务有限公司',
  legalNameEn: 'Shenzhen Example Appliance Service Co., Ltd.',
  creditCode: creditCode(),
  enterpriseType: 'production',
  industryCode: 'C38',
  registeredAddress: '南山区科技园1号',
  registeredDivisionCode: '440305',
  operatingDivisionCode: '440305',
  productCategories: ['空调', '冰箱'],
  serviceCategories: ['安装', '维修'],
  headcount: 1200,
  serviceManagementStaff: 31,
  contacts: [{ name: '李经理', role: '售后总监', email: 'li@example.cn', phone: '13812345678' }],
  ...over,
});

describe('clients', () => {
  it('registers a client with its organisation, validates the credit code, divisions and industry', async () => {
    const res = await pm.post('/api/clients', clientBody());
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      organisationId: c.id,
      industry: { code: '38', sectionCode: 'C', label: 'C38 电气机械和器材制造业' },
      registeredDivision: { code: '440305', fullName: '广东省深圳市南山区' },
      contacts: [{ name: '李经理', phone: '13812345678' }],
      personalDataMasked: false,
      outletCount: 0,
      version: 1,
    });
    const orgs = (await adminA.get('/api/organisations')).json().items;
    expect(orgs.find((o: { id: string }) => o.id === c.id)).toMatchObject({
      kind: 'client',
      name: '深圳市示例电器服务有限公司',
    });

    const badCode = await pm.post('/api/clients', clientBody({ creditCode: '914403001922038217' }));
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.message).toContain('check character is wrong');
    const badDivision = await pm.post('/api/clients', clientBody({ registeredDivisionCode: '440399' }));
    expect(badDivision.statusCode).toBe(400);
    expect(badDivision.json().error.details.issues[0].field).toBe('body.registeredDivisionCode');
    const badIndustry = await pm.post('/api/clients', clientBody({ industryCode: 'A38' }));
    expect(badIndustry.statusCode).toBe(400);
    const dup = await pm.post('/api/clients', clientBody({ creditCode: c.creditCode }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('credit_code_taken');
  });

  it('links an existing client organisation, once', async () => {
    const created = await adminA.post(
      '/api/clients',
      clientBody({ organisationId: a.clientId, legalNameZh: 'A 客户', contacts: [] }),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().id).toBe(a.clientId);
    const again = await adminA.post('/api/clients', clientBody({ organisationId: a.clientId }));
    expect(again.json().error.code).toBe('client_exists');
    // Another tenant's organisation is not found.
    expect((await adminA.post('/api/clients', clientBody({ organisationId: b.clientId }))).statusCode).toBe(
      404,
    );
  });

  it('masks contact phones for roles without personalData.read, and keeps them when the masked value is sent back', async () => {
    const c = (await pm.post('/api/clients', clientBody({ legalNameZh: '掩码测试有限公司' }))).json();
    const seen = (await evaluator.get(`/api/clients/${c.id}`)).json();
    expect(seen.contacts[0].phone).toBe('138****5678');
    expect(seen.personalDataMasked).toBe(true);
    const row = await t.ctx.db
      .selectFrom('clients')
      .select('contacts')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.contacts).not.toContain('13812345678');
    const upd = await pm.patch(`/api/clients/${c.id}`, {
      contacts: [{ name: '李经理', phone: '138****5678' }],
      legalNameZh: '掩码测试（改名）有限公司',
      version: 1,
    });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().contacts[0].phone).toBe('13812345678');
    const org = await t.ctx.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(org.name).toBe('掩码测试（改名）有限公司');
    const stale = await pm.patch(`/api/clients/${c.id}`, { headcount: 5, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
    // The audit trail never holds the full number.
    const trail = JSON.stringify((await adminA.get(`/api/audit?entityId=${c.id}`)).json());
    expect(trail).not.toContain('13812345678');
  });

  it('searches, filters and pages with a keyset cursor', async () => {
    for (let i = 0; i < 7; i++) {
      const r = await pm.post(
        '/api/clients',
        clientBody({
          legalNameZh: `分页测试${i}号公司`,
          enterpriseType: i % 2 ? 'salesService' : 'production',
          industryCode: i % 2 ? '52' : '38',
          operatingDivisionCode: i % 2 ? '110101' : '440305',
          contacts: [],
        }),
      );
      expect(r.statusCode, r.body).toBe(201);
    }
    const seen: string[] = [];
    let url = '/api/clients?q=分页测试&limit=3';
    for (let page = 0; page < 5; page++) {
      const r = (await evaluator.get(url)).json();
      expect(r.total).toBe(7);
      seen.push(...r.items.map((c: { legalNameZh: string }) => c.legalNameZh));
      if (!r.nextCursor) break;
      url = `/api/clients?q=分页测试&limit=3&after=${r.nextCursor}`;
    }
    expect(seen).toEqual([...Array(7).keys()].map((i) => `分页测试${i}号公司`));
    expect((await evaluator.get('/api/clients?q=分页测试&industry=F')).json().total).toBe(3);
    expect((await evaluator.get('/api/clients?q=分页测试&industry=C38')).json().total).toBe(4);
    expect((await evaluator.get('/api/clients?q=分页测试&provinceCode=110000')).json().total).toBe(3);
    expect((await evaluator.get('/api/clients?q=分页测试&enterpriseType=salesService')).json().total).toBe(3);
    expect((await evaluator.get('/api/clients?after=garbage')).statusCode).toBe(400);
    expect((await adminB.get('/api/clients?q=分页测试')).json().total).toBe(0);
  });
});

describe('outlets, staff and the 10 % check', () => {
  it('manages outlets with history, region breakdown and tenant isolation', async () => {
    const c = (
      await pm.post('/api/clients', clientBody({ legalNameZh: '网点测试公司', contacts: [] }))
    ).json();
    const o = await pm.post(`/api/clients/${c.id}/outlets`, {
      code: 'SZ-001',
      name: '南山服务中心',
      divisionCode: '440305',
      ownership: 'contracted',
      partnerName: '深圳某维修公司',
      agreementValidUntil: '2026-01-31',
      channels: ['inStore', 'onSite', 'inStore'],
      staffCount: 5,
      latitude: 22.5333,
      longitude: 113.9304,
    });
    expect(o.statusCode, o.body).toBe(201);
    const outlet = o.json();
    expect(outlet).toMatchObject({
      channels: ['inStore', 'onSite'],
      agreementExpired: true,
      division: { cityName: '深圳市' },
    });
    expect(
      (await pm.post(`/api/clients/${c.id}/outlets`, { code: 'SZ-001', name: 'x' })).json().error.code,
    ).toBe('outlet_code_taken');
    const noPartner = await pm.post(`/api/clients/${c.id}/outlets`, {
      code: 'SZ-002',
      name: 'x',
      ownership: 'contracted',
    });
    expect(noPartner.statusCode).toBe(400);
    expect(noPartner.json().error.details.issues[0].field).toBe('body.partnerName');
    await pm.post(`/api/clients/${c.id}/outlets`, {
      code: 'BJ-001',
      name: '东城',
      divisionCode: '110101',
      staffCount: 2,
    });
    await pm.post(`/api/clients/${c.id}/outlets`, { code: 'NA-001', name: '无区划' });

    const closed = await pm.patch(`/api/outlets/${outlet.id}`, { status: 'closed', version: 1 });
    expect(closed.json()).toMatchObject({ status: 'closed', version: 2 });
    const same = await pm.patch(`/api/outlets/${outlet.id}`, { status: 'closed', version: 2 });
    expect(same.json().version).toBe(2); // nothing changed, nothing written
    const history = (await evaluator.get(`/api/outlets/${outlet.id}/history`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(history[0].changes).toEqual({ status: { from: 'active', to: 'closed' } });

    const regions = (await evaluator.get(`/api/clients/${c.id}/outlet-regions`)).json();
    expect(regions).toMatchObject({ total: 3, active: 2 });
    expect(regions.provinces.map((p: { name: string }) => p.name)).toEqual([
      '北京市',
      '广东省',
      '未填写区划',
    ]);
    expect(regions.provinces[1].cities[0]).toMatchObject({
      code: '440300',
      name: '深圳市',
      total: 1,
      active: 0,
      contracted: 1,
      staff: 5,
    });

    const list = (await evaluator.get(`/api/clients/${c.id}/outlets?divisionCode=440000`)).json();
    expect(list.items.map((x: { code: string }) => x.code)).toEqual(['SZ-001']);
    expect((await evaluator.get(`/api/clients/${c.id}/outlets?q=东城`)).json().total).toBe(1);
    expect((await evaluator.get(`/api/clients/${c.id}/outlets?channel=onSite`)).json().total).toBe(1);

    for (const url of [
      `/api/outlets/${outlet.id}`,
      `/api/outlets/${outlet.id}/history`,
      `/api/clients/${c.id}/outlets`,
      `/api/clients/${c.id}/outlet-regions`,
      `/api/clients/${c.id}`,
    ]) {
      expect((await adminB.get(url)).statusCode, url).toBe(404);
    }
    expect((await adminB.patch(`/api/outlets/${outlet.id}`, { name: 'x', version: 2 })).statusCode).toBe(404);
  });

  it('client users see and manage only their own client', async () => {
    const own = (
      await adminA.post('/api/clients', clientBody({ legalNameZh: '门户客户', contacts: [] }))
    ).json();
    const other = (
      await adminA.post('/api/clients', clientBody({ legalNameZh: '别的客户', contacts: [] }))
    ).json();
    const clientAdmin = await login(t.app, (await createUser(t.ctx, own.id, ['clientAdmin'])).email);
    const clientUser = await login(t.app, (await createUser(t.ctx, own.id, ['clientUser'])).email);
    const listed = (await clientUser.get('/api/clients')).json();
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual([own.id]);
    expect((await clientUser.get(`/api/clients/${other.id}`)).statusCode).toBe(404);
    expect((await clientUser.get(`/api/clients/${other.id}/outlets`)).statusCode).toBe(404);
    expect(
      (await clientUser.post(`/api/clients/${other.id}/outlets`, { code: 'X', name: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (await clientUser.post(`/api/clients/${own.id}/outlets`, { code: 'X', name: 'x' })).statusCode,
    ).toBe(201);
    expect((await clientUser.patch(`/api/clients/${own.id}`, { headcount: 1, version: 1 })).statusCode).toBe(
      403,
    );
    // The portal: clientAdmin invites a clientUser of its own organisation.
    const invited = await clientAdmin.post('/api/users', {
      email: 'portal.user@client.example',
      displayName: '企业用户',
      roles: ['clientUser'],
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const otherOutlet = (
      await adminA.post(`/api/clients/${other.id}/outlets`, { code: 'O', name: 'o' })
    ).json();
    expect((await clientUser.get(`/api/outlets/${otherOutlet.id}`)).statusCode).toBe(404);
  });

  it('keeps a staff roster with encrypted, masked personal numbers and computes the 10 % check live', async () => {
    const c = (
      await pm.post(
        '/api/clients',
        clientBody({ legalNameZh: '人员测试公司', serviceManagementStaff: 31, contacts: [] }),
      )
    ).json();
    const outlet = (
      await pm.post(`/api/clients/${c.id}/outlets`, { code: 'HQ-1', name: '总部服务台' })
    ).json();
    const s = await pm.post(`/api/clients/${c.id}/staff`, {
      staffNo: 'E001',
      name: '张三',
      idNumber: '11010519491231002X',
      phone: '13812345678',
      outletId: outlet.id,
      serviceManagement: true,
    });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json()).toMatchObject({
      idNumber: '11010519491231002X',
      phone: '13812345678',
      outlet: { code: 'HQ-1' },
    });
    const bad = await pm.post(`/api/clients/${c.id}/staff`, {
      staffNo: 'E002',
      name: '李四',
      idNumber: '110105194912310021',
    });
    expect(bad.statusCode).toBe(400);
    const row = await t.ctx.db
      .selectFrom('clientStaff')
      .selectAll()
      .where('staffNo', '=', 'E001')
      .executeTakeFirstOrThrow();
    expect(row.idNumberEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('11010519491231002X');
    expect(row.idNumberMasked).toBe('110***********002X');
    const masked = (await evaluator.get(`/api/clients/${c.id}/staff`)).json().items[0];
    expect(masked).toMatchObject({
      idNumber: '110***********002X',
      phone: '138****5678',
      personalDataMasked: true,
    });
    const kept = await pm.patch(`/api/client-staff/${masked.id}`, {
      idNumber: '110***********002X',
      position: '主管',
      version: 1,
    });
    expect(kept.json()).toMatchObject({ idNumber: '11010519491231002X', position: '主管', version: 2 });
    expect(
      (
        await pm.patch(`/api/client-staff/${masked.id}`, { idNumber: '110***********9999', version: 2 })
      ).json().error.code,
    ).toBe('masked_value');

    for (const [i, validUntil] of ['2030-01-01', '2027-01-10', '2026-11-01', '2029-05-05'].entries()) {
      const m = await pm.post(`/api/clients/${c.id}/service-managers`, {
        name: `管理师${i}`,
        idNumber: '11010519491231002X',
        certificateNo: `CERT-${i}`,
        level: '中级',
        issuer: '中国商业联合会',
        validUntil,
        ...(i === 0 ? { staffId: masked.id } : {}),
      });
      expect(m.statusCode, m.body).toBe(201);
    }
    const st = (await evaluator.get(`/api/clients/${c.id}/staffing?on=2026-11-30`)).json();
    expect(st).toMatchObject({
      serviceManagementStaff: 31,
      serviceManagementStaffSource: 'declared',
      rosterServiceManagementStaff: 1,
      required: 4,
      held: 3,
      expiringSoon: 1,
      expired: 1,
      shortfall: 1,
      met: false,
      scoringInput: { serviceManagementStaff: 31, certifiedManagers: 3 },
    });
    expect(st.managers.map((m: { certificateState: string }) => m.certificateState).sort()).toEqual([
      'expired',
      'expiringSoon',
      'valid',
      'valid',
    ]);
    expect(st.managers[0].idNumber).toContain('*');
    const withdrawn = st.managers.find((m: { certificateNo: string }) => m.certificateNo === 'CERT-0');
    await pm.patch(`/api/service-managers/${withdrawn.id}`, {
      status: 'withdrawn',
      version: withdrawn.version,
    });
    expect(
      (await evaluator.get(`/api/clients/${c.id}/staffing?on=2026-11-30&ratio=0.05`)).json(),
    ).toMatchObject({ required: 2, held: 2, met: true });
    expect((await adminB.get(`/api/clients/${c.id}/staffing`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/clients/${c.id}/service-managers`)).statusCode).toBe(404);
    expect((await adminB.patch(`/api/client-staff/${masked.id}`, { name: 'x', version: 2 })).statusCode).toBe(
      404,
    );
    expect(
      (await adminB.patch(`/api/service-managers/${withdrawn.id}`, { name: 'x', version: 2 })).statusCode,
    ).toBe(404);
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
  });
});
