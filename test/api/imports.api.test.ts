import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/modules/audit/audit.service.ts';
import { WORKER_MIN_BYTES } from '../../src/modules/imports/import-engine.ts';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  type Session,
  type TestApp,
  type Tenant,
} from '../helpers/test-app.ts';
import { creditCode, csv, OUTLET_HEADER, outletRows, readXlsx, upload, xlsx } from '../helpers/registry.ts';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let pm: Session;
let evaluator: Session;
let adminB: Session;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.ctx, 'CB A');
  b = await createTenant(t.ctx, 'CB B');
  pm = await login(t.app, (await createUser(t.ctx, a.cbId, ['programmeManager'])).email);
  evaluator = await login(t.app, (await createUser(t.ctx, a.cbId, ['evaluator'])).email);
  adminB = await login(t.app, (await createUser(t.ctx, b.cbId, ['cbAdmin'])).email);
});
afterAll(() => t.close());

async function newClient(name: string): Promise<string> {
  const r = await pm.post('/api/clients', {
    legalNameZh: name,
    creditCode: creditCode(),
    enterpriseType: 'salesService',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

const outletCount = async (clientId: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('outlets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('clientId', '=', clientId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const importOutlets = (clientId: string, file: Buffer, name: string, mode = 'allOrNothing', s = pm) =>
  upload(t.app, s, `/api/clients/${clientId}/outlets/import?mode=${mode}`, file, name);

describe('outlet import: the 5,000-outlet scenario', () => {
  it('lists every bad row with row, column and reason; all-or-nothing refuses; the fixed file imports once and twice identically', async () => {
    const clientId = await newClient('五千网点公司');
    const rows = outletRows(5000);
    rows[9]![2] = '999999'; // row 11: not a division
    rows[99]![7] = '很多'; // row 101: staff count
    rows[999]![4] = '合作'; // row 1001: contracted…
    rows[999]![5] = ''; // …without a partner
    rows[2999]![0] = 'P00001'; // row 3001: duplicate code
    rows[4999]![6] = '飞鸽传书'; // row 5001: channel
    const bad = await xlsx([OUTLET_HEADER, ...rows]);

    const dry = await importOutlets(clientId, bad, 'outlets.xlsx', 'dryRun');
    expect(dry.statusCode, dry.body).toBe(200);
    const d = dry.json();
    expect(d).toMatchObject({
      outcome: 'dryRun',
      format: 'xlsx',
      rows: 5000,
      invalidRows: 5,
      validRows: 4995,
      created: 4995,
      errorCount: 5,
    });
    expect(
      d.errors.map((e: { row: number; column: string; cell: string }) => [e.row, e.column, e.cell]),
    ).toEqual([
      [11, 'divisionCode', 'C11'],
      [101, 'staffCount', 'H101'],
      [1001, 'partnerName', 'F1001'],
      [3001, 'code', 'A3001'],
      [5001, 'channels', 'G5001'],
    ]);
    expect(d.errors[0]).toMatchObject({ header: '行政区划代码', value: '999999' });
    expect(d.errors[0].reason).toContain('not a GB/T 2260');
    expect(d.errors[3].reason).toBe('duplicate: P00001 already appears on row 2');
    // Every row error has a stable machine code and its params (the web translates them).
    expect(d.errors.map((e: { code: string; params: object }) => [e.code, e.params])).toEqual([
      ['invalid_division_code', { value: '999999' }],
      ['not_integer', {}],
      ['required_when_contracted', {}],
      ['duplicate_in_file', { key: 'P00001', firstRow: 2 }],
      ['invalid_enum_item', { item: '飞鸽传书', allowed: expect.stringContaining('到店 (inStore)') }],
    ]);
    expect(await outletCount(clientId)).toBe(0);

    const rejected = await importOutlets(clientId, bad, 'outlets.xlsx');
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().error).toMatchObject({
      code: 'import_rejected',
      details: { outcome: 'rejected', errorCount: 5 },
    });
    expect(await outletCount(clientId)).toBe(0); // nothing half-written

    const fixed = await xlsx([OUTLET_HEADER, ...outletRows(5000)]);
    const first = await importOutlets(clientId, fixed, 'outlets.xlsx');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      outcome: 'applied',
      created: 5000,
      updated: 0,
      unchanged: 0,
      errorCount: 0,
    });
    const snapshot = await t.ctx.db
      .selectFrom('outlets')
      .selectAll()
      .where('clientId', '=', clientId)
      .orderBy('code')
      .execute();
    const changesBefore = await t.ctx.db
      .selectFrom('outletChanges')
      .select('id')
      .where('clientId', '=', clientId)
      .execute();

    const second = await importOutlets(clientId, fixed, 'outlets.xlsx');
    expect(second.json()).toMatchObject({ outcome: 'applied', created: 0, updated: 0, unchanged: 5000 });
    expect(
      await t.ctx.db
        .selectFrom('outlets')
        .selectAll()
        .where('clientId', '=', clientId)
        .orderBy('code')
        .execute(),
    ).toEqual(snapshot);
    expect(
      await t.ctx.db.selectFrom('outletChanges').select('id').where('clientId', '=', clientId).execute(),
    ).toHaveLength(changesBefore.length);

    // A changed row updates, with its history.
    const changed = outletRows(5000);
    changed[41]![1] = '改名后的网点';
    const third = await importOutlets(clientId, await xlsx([OUTLET_HEADER, ...changed]), 'outlets.xlsx');
    expect(third.json()).toMatchObject({ created: 0, updated: 1, unchanged: 4999 });
    const o = await t.ctx.db
      .selectFrom('outlets')
      .selectAll()
      .where('clientId', '=', clientId)
      .where('code', '=', 'P00042')
      .executeTakeFirstOrThrow();
    expect(o).toMatchObject({ name: '改名后的网点', version: 2 });
    const history = (await evaluator.get(`/api/outlets/${o.id}/history`)).json().items;
    expect(history[0]).toMatchObject({
      source: 'import',
      changes: { name: { from: '服务网点42', to: '改名后的网点' } },
    });
    // The creation comes first, with the values the outlet was created with.
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      action: 'create',
      source: 'import',
      version: 1,
      changes: { code: { from: null, to: 'P00042' }, name: { from: null, to: '服务网点42' } },
    });
    expect(history[1].importId).toBe(first.json().importId);
    const regions = (await evaluator.get(`/api/clients/${clientId}/outlet-regions`)).json();
    expect(regions.total).toBe(5000);
    expect(regions.provinces).toHaveLength(6);
    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
  });

  it('valid-rows-only applies the good rows and reports the bad ones', async () => {
    const clientId = await newClient('部分导入公司');
    const rows = outletRows(20);
    rows[3]![2] = '11010';
    rows[4]![0] = 'P00001';
    const r = await importOutlets(clientId, Buffer.from(csv([OUTLET_HEADER, ...rows])), 'o.csv', 'validOnly');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      outcome: 'applied',
      format: 'csv',
      encoding: 'utf-8',
      created: 18,
      invalidRows: 2,
    });
    expect(await outletCount(clientId)).toBe(18);
  });
});

describe('malformed files', () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = await newClient('坏文件公司');
  });
  const problem = async (file: Buffer, name: string, status = 422) => {
    const r = await importOutlets(clientId, file, name, 'dryRun');
    expect(r.statusCode, r.body).toBe(status);
    return r.json().error;
  };

  it('reads GBK CSV (what Chinese Excel saves) and UTF-8 with or without BOM', async () => {
    const text = csv([OUTLET_HEADER, ...outletRows(30)]);
    for (const [buf, encoding] of [
      [iconv.encode(text, 'gbk'), 'gbk'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8-bom'],
      [Buffer.from(text), 'utf-8'],
      [iconv.encode(text.replace(/,/g, '\t'), 'utf-16le', { addBOM: true }), 'utf-16le'],
    ] as const) {
      const r = await importOutlets(clientId, buf, 'o.csv', 'dryRun');
      expect(r.statusCode, `${encoding}: ${r.body}`).toBe(200);
      expect(r.json(), encoding).toMatchObject({ encoding, rows: 30, errorCount: 0, created: 30 });
    }
    const applied = await importOutlets(clientId, iconv.encode(text, 'gbk'), 'o.csv');
    expect(applied.json().created).toBe(30);
    const o = await t.ctx.db
      .selectFrom('outlets')
      .select(['name', 'channels'])
      .where('clientId', '=', clientId)
      .where('code', '=', 'P00002')
      .executeTakeFirstOrThrow();
    expect(o).toEqual({ name: '服务网点2', channels: '["inStore","onSite"]' });
  });

  it('refuses a wrong encoding, binary data and old .xls files with a clear message', async () => {
    const text = Buffer.from(csv([OUTLET_HEADER, ...outletRows(3)]));
    const badUtf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text, iconv.encode('网点', 'gbk')]);
    expect((await problem(badUtf8, 'x.csv')).code).toBe('import_bad_encoding');
    // Bytes that are neither UTF-8 nor GBK.
    const neither = Buffer.concat([text, Buffer.from('P9,x\xff\xff\xff\r\n', 'latin1')]);
    expect((await problem(neither, 'x.csv')).code).toBe('import_bad_encoding');
    expect((await problem(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41, 0x00]), 'x.csv')).code).toBe(
      'import_unsupported_format',
    );
    expect(
      (await problem(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'x.xls')).message,
    ).toContain('.xlsx');
    expect((await problem(Buffer.from('PK\x03\x04garbage'), 'x.xlsx')).code).toBe('import_malformed_xlsx');
    expect((await problem(Buffer.alloc(0), 'x.csv')).code).toBe('import_empty_file');
  });

  it('names missing, unknown and repeated columns', async () => {
    const missing = await problem(
      Buffer.from(
        csv([
          ['网点编码', '地址'],
          ['A', 'x'],
        ]),
      ),
      'x.csv',
    );
    expect(missing.code).toBe('import_missing_columns');
    expect(missing.details.missing).toEqual([{ column: 'name', header: '网点名称 (Outlet name)' }]);
    const unknown = await problem(
      Buffer.from(
        csv([
          ['Outlet code', 'Outlet name', '备注'],
          ['A', 'x', 'y'],
        ]),
      ),
      'x.csv',
    );
    expect(unknown.code).toBe('import_unknown_columns');
    expect(unknown.details.unknown).toEqual([{ cell: 'C', header: '备注' }]);
    const twice = await problem(
      Buffer.from(
        csv([
          ['code', 'name', '网点名称'],
          ['A', 'x', 'y'],
        ]),
      ),
      'x.csv',
    );
    expect(twice.code).toBe('import_duplicate_columns');
    // A value under no header is a row error; title rows above the header are skipped.
    const r = await importOutlets(
      clientId,
      Buffer.from(csv([['服务网点清单'], ['code', 'name'], ['A', 'x', 'stray']])),
      'x.csv',
      'dryRun',
    );
    expect(r.json().errors).toEqual([
      {
        row: 3,
        column: null,
        header: null,
        cell: null,
        code: 'no_header',
        params: { column: 'C' },
        reason: 'a value in column C, which has no header',
        value: 'stray',
      },
    ]);
  });

  it('checks credit codes, division codes and dates in cells', async () => {
    const header = [
      '网点编码',
      '网点名称',
      '行政区划代码',
      '经营方式',
      '合作方名称',
      '合作方统一社会信用代码',
      '开业日期',
    ];
    const file = await xlsx([
      header,
      ['A1', '一', '440305', '合作', '某公司', '914403001922038216', '2020-02-29'],
      ['A2', '二', '440399', '合作', '某公司', '914403001922038217', '2021-02-29'],
      ['A3', '三', '4403', '自有', '', '', new Date(Date.UTC(2019, 4, 1))],
    ]);
    const r = (await importOutlets(clientId, file, 'x.xlsx', 'dryRun')).json();
    expect(r.errors.map((e: { cell: string; reason: string }) => `${e.cell} ${e.reason}`)).toEqual([
      'C3 440399 is not a GB/T 2260 administrative division code',
      'F3 unified social credit code: check character is wrong: expected 6, got 7',
      'G3 is not a real date',
      'C4 must be a six-digit GB/T 2260 division code',
    ]);
    expect(r.errors.map((e: { code: string; params: object }) => [e.code, e.params])).toEqual([
      ['invalid_division_code', { value: '440399' }],
      ['invalid_credit_code', { problem: 'check_character' }],
      ['invalid_date', {}],
      ['invalid_division_code', { value: '4403' }],
    ]);
  });

  it('never executes formula or script payloads, and exports them safely', async () => {
    const id = await newClient('公式注入公司');
    const payloads = [
      '=HYPERLINK("http://evil.example","点我")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '<script>alert(1)</script>',
    ];
    const text = csv([
      ['网点编码', '网点名称', '详细地址'],
      ...payloads.map((p, i) => [`F${i}`, p, `=cmd|' /C calc'!A${i}`]),
    ]);
    const r = await importOutlets(id, Buffer.from(text), 'x.csv');
    expect(r.json()).toMatchObject({ created: 5, errorCount: 0 });
    const names = (
      await t.ctx.db.selectFrom('outlets').select('name').where('clientId', '=', id).orderBy('code').execute()
    ).map((o) => o.name);
    expect(names).toEqual(payloads);

    const exported = await evaluator.get(`/api/clients/${id}/outlets/export?format=csv`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const body = exported.rawPayload.toString('utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(body).toContain("'+1+1");
    expect(body).toContain("'@SUM(A1)");
    expect(body).not.toMatch(/(^|,)=/m);
    const xl = await evaluator.get(`/api/clients/${id}/outlets/export?format=xlsx`);
    const rows = await readXlsx(xl.rawPayload);
    expect(rows[1]![1]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(typeof rows[1]![1]).toBe('string');

    // Both exports import back unchanged.
    for (const [buf, name] of [
      [exported.rawPayload, 'x.csv'],
      [xl.rawPayload, 'x.xlsx'],
    ] as const) {
      expect((await importOutlets(id, buf, name)).json(), name).toMatchObject({
        unchanged: 5,
        updated: 0,
        created: 0,
      });
    }
    // A real formula cell in a workbook is refused, not evaluated.
    const withFormula = await xlsx([
      ['网点编码', '网点名称'],
      ['F9', { formula: '1+1', result: 2 }],
    ]);
    const f = (await importOutlets(id, withFormula, 'x.xlsx', 'dryRun')).json();
    expect(f.errors[0]).toMatchObject({
      cell: 'B2',
      code: 'formula_cell',
      reason: 'formula cells are not accepted: enter the value itself',
    });
  });

  it('refuses a file over the row limit with a clear message', async () => {
    const small = await createTestApp({ IMPORT_MAX_ROWS: '10' });
    try {
      const tenant = await createTenant(small.ctx, 'Small');
      const s = await login(small.app, (await createUser(small.ctx, tenant.cbId, ['cbAdmin'])).email);
      const c = (
        await s.post('/api/clients', {
          legalNameZh: '限额公司',
          creditCode: creditCode(),
          enterpriseType: 'production',
        })
      ).json();
      const ok = await upload(
        small.app,
        s,
        `/api/clients/${c.id}/outlets/import`,
        Buffer.from(csv([OUTLET_HEADER, ...outletRows(10)])),
        'x.csv',
      );
      expect(ok.json().created).toBe(10);
      const over = await upload(
        small.app,
        s,
        `/api/clients/${c.id}/outlets/import`,
        Buffer.from(csv([OUTLET_HEADER, ...outletRows(11)])),
        'x.csv',
      );
      expect(over.statusCode).toBe(413);
      expect(over.json().error).toMatchObject({ code: 'import_too_many_rows', details: { maxRows: 10 } });
      expect(over.json().error.message).toContain('more than 10 data rows');
    } finally {
      await small.close();
    }
  });

  it('leaves nothing half-written when the file breaks after rows were written', async () => {
    const id = await newClient('中途失败公司');
    const good = csv([OUTLET_HEADER, ...outletRows(1200)]);
    const broken = Buffer.from(`${good}"P99999,unterminated quote\r\nP99998,x\r\n`);
    const r = await importOutlets(id, broken, 'x.csv');
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('import_malformed_csv');
    expect(await outletCount(id)).toBe(0);
  });

  it('reads a large file in a worker thread: same report, all or nothing, idempotent, nothing half-written', async () => {
    const id = await newClient('大文件公司');
    const rows = outletRows(16_000);
    rows[8_999]![2] = '999999';
    const bad = Buffer.from(csv([OUTLET_HEADER, ...rows]));
    expect(bad.length).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const rejected = await importOutlets(id, bad, 'big.csv');
    expect(rejected.json().error).toMatchObject({
      code: 'import_rejected',
      details: { outcome: 'rejected', rows: 16_000, invalidRows: 1, errorCount: 1 },
    });
    expect(rejected.json().error.details.errors[0]).toMatchObject({
      row: 9_001,
      cell: 'C9001',
      code: 'invalid_division_code',
    });
    expect(await outletCount(id)).toBe(0);

    rows[8_999]![2] = '110101';
    const good = Buffer.from(csv([OUTLET_HEADER, ...rows]));
    expect((await importOutlets(id, good, 'big.csv')).json()).toMatchObject({
      outcome: 'applied',
      created: 16_000,
    });
    expect((await importOutlets(id, good, 'big.csv')).json()).toMatchObject({
      created: 0,
      unchanged: 16_000,
    });

    const other = await newClient('大文件中途失败公司');
    const broken = Buffer.from(
      `${csv([OUTLET_HEADER, ...outletRows(16_000)])}"P99999,unterminated quote\r\n`,
    );
    const r = await importOutlets(other, broken, 'broken.csv');
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('import_malformed_csv');
    expect(await outletCount(other)).toBe(0);
  });

  it('asks for multipart and a file', async () => {
    const r = await pm.post(`/api/clients/${clientId}/outlets/import`, { file: 'x' });
    expect(r.statusCode).toBe(415);
    expect(r.json().error.code).toBe('multipart_required');
  });
});

describe('templates, export round trip, staff import, isolation', () => {
  it('serves bilingual templates that import as empty files', async () => {
    const x = await evaluator.get('/api/outlets/template?format=xlsx');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toContain("filename*=UTF-8''");
    const rows = await readXlsx(x.rawPayload);
    expect(rows[0]!.slice(0, 3)).toEqual([
      '网点编码 (Outlet code) *',
      '网点名称 (Outlet name) *',
      '行政区划代码 (Division code)',
    ]);
    const c = await evaluator.get('/api/client-staff/template?format=csv');
    expect(c.rawPayload.toString('utf8')).toContain('工号 (Staff no.),姓名 (Name),身份证件号码 (ID number)');
    const id = await newClient('模板公司');
    const r = await importOutlets(id, x.rawPayload, 'template.xlsx', 'dryRun');
    expect(r.json()).toMatchObject({ rows: 0, errorCount: 0 });
  });

  it('exports outlets so that the file round-trips, XLSX and CSV', async () => {
    const id = await newClient('往返公司');
    const rows = outletRows(300);
    await importOutlets(id, await xlsx([OUTLET_HEADER, ...rows]), 'x.xlsx');
    await pm.patch(
      `/api/outlets/${(await t.ctx.db.selectFrom('outlets').select('id').where('clientId', '=', id).where('code', '=', 'P00001').executeTakeFirstOrThrow()).id}`,
      {
        latitude: 39.9288,
        longitude: 116.4164,
        openedOn: '2019-05-01',
        agreementValidUntil: '2027-12-31',
        partnerCreditCode: '914403001922038216',
        version: 1,
      },
    );
    for (const format of ['xlsx', 'csv'] as const) {
      const ex = await evaluator.get(`/api/clients/${id}/outlets/export?format=${format}`);
      expect(ex.statusCode).toBe(200);
      const again = await importOutlets(id, ex.rawPayload, `x.${format}`);
      expect(again.json(), format).toMatchObject({ rows: 300, unchanged: 300, updated: 0, created: 0 });
    }
    // With the list's filters, the export is the list shown: the same rows, and they import back.
    const filter = 'ownership=contracted&divisionCode=440000';
    const listed = (await evaluator.get(`/api/clients/${id}/outlets?${filter}&limit=100`)).json();
    expect(listed.total).toBeGreaterThan(0);
    expect(listed.total).toBeLessThan(300);
    const filtered = await evaluator.get(`/api/clients/${id}/outlets/export?format=csv&${filter}`);
    expect(filtered.statusCode).toBe(200);
    const back = await importOutlets(id, filtered.rawPayload, 'filtered.csv', 'dryRun');
    expect(back.json()).toMatchObject({ rows: listed.total, unchanged: listed.total, errorCount: 0 });
    const other = await newClient('筛选导出公司');
    const copied = await importOutlets(other, filtered.rawPayload, 'filtered.csv');
    expect(copied.json()).toMatchObject({ rows: listed.total, created: listed.total });
    const codes = (await evaluator.get(`/api/clients/${other}/outlets?limit=100`))
      .json()
      .items.map((o: { code: string }) => o.code);
    expect(codes.sort()).toEqual(listed.items.map((o: { code: string }) => o.code).sort());
    const gbk = await evaluator.get(`/api/clients/${id}/outlets/export?format=csv&encoding=gbk`);
    expect(iconv.decode(gbk.rawPayload, 'gbk')).toContain('服务网点1');
    expect((await importOutlets(id, gbk.rawPayload, 'x.csv')).json()).toMatchObject({
      encoding: 'gbk',
      unchanged: 300,
    });
  });

  it('imports staff idempotently, masks personal numbers in exports unless permitted', async () => {
    const id = await newClient('员工导入公司');
    await importOutlets(id, Buffer.from(csv([OUTLET_HEADER, ...outletRows(3)])), 'o.csv');
    const header = [
      '工号',
      '姓名',
      '身份证件号码',
      '手机号码',
      '所属网点编码',
      '服务管理人员',
      '入职日期',
      '在职状态',
    ];
    const rows = [
      header,
      ['E1', '张三', '11010519491231002X', '13812345678', 'P00001', '是', '2021-03-01', '在职'],
      ['E2', '李四', '', '139 0000 1111', '', '否', '', ''],
      ['E3', '王五', '110105194912310021', '', 'P00009', '是', '', ''],
    ];
    const file = await xlsx(rows);
    const dry = (
      await upload(t.app, pm, `/api/clients/${id}/staff/import?mode=dryRun`, file, 's.xlsx')
    ).json();
    expect(dry.errors).toEqual([
      {
        row: 4,
        column: 'idNumber',
        header: '身份证件号码',
        cell: 'C4',
        code: 'invalid_id_number',
        params: {},
        reason: 'resident identity number: check character is wrong',
        value: null,
      },
    ]);
    const rejected = await upload(t.app, pm, `/api/clients/${id}/staff/import`, file, 's.xlsx');
    expect(rejected.statusCode).toBe(422);
    rows[3]![2] = '';
    const fixedFile = await xlsx(rows);
    const applied = await upload(
      t.app,
      pm,
      `/api/clients/${id}/staff/import?mode=validOnly`,
      fixedFile,
      's.xlsx',
    );
    expect(applied.json()).toMatchObject({ created: 2, invalidRows: 1 });
    expect(applied.json().errors[0]).toMatchObject({
      row: 4,
      column: 'outletCode',
      code: 'unknown_outlet',
      reason: 'no outlet of this client has this code',
      value: 'P00009',
    });
    const stored = await t.ctx.db
      .selectFrom('clientStaff')
      .selectAll()
      .where('clientId', '=', id)
      .orderBy('staffNo')
      .execute();
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    expect(stored[0]).toMatchObject({ idNumberMasked: '110***********002X', serviceManagement: 1 });
    const again = await upload(
      t.app,
      pm,
      `/api/clients/${id}/staff/import?mode=validOnly`,
      fixedFile,
      's.xlsx',
    );
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    // The evaluator's export is masked; re-imported, the masked numbers keep the stored ones.
    const masked = await evaluator.get(`/api/clients/${id}/staff/export?format=csv`);
    const text = masked.rawPayload.toString('utf8');
    expect(text).toContain('110***********002X');
    expect(text).not.toContain('11010519491231002X');
    expect(
      (await upload(t.app, pm, `/api/clients/${id}/staff/import`, masked.rawPayload, 's.csv')).json(),
    ).toMatchObject({ unchanged: 2 });
    const full = await pm.get(`/api/clients/${id}/staff/export?format=xlsx`);
    expect(JSON.stringify(await readXlsx(full.rawPayload))).toContain('11010519491231002X');
    const staffing = (await evaluator.get(`/api/clients/${id}/staffing`)).json();
    expect(staffing).toMatchObject({
      serviceManagementStaffSource: 'roster',
      serviceManagementStaff: 1,
      required: 1,
      held: 0,
    });
  });

  it('imports certified managers with the staff rows (certificate columns), idempotently and masked', async () => {
    const id = await newClient('管理师导入公司');
    const header = [
      '工号',
      '姓名',
      '身份证件号码',
      '服务管理人员',
      '售后服务管理师证书编号',
      '管理师证书等级',
      '管理师发证机构',
      '管理师证书有效期至',
    ];
    const rows = [
      header,
      ['M1', '李四', '11010519491231002X', '是', 'SM-001', '高级', '某认证协会', '2030-06-30'],
      ['M2', '王五', '', '是', '', '', '', ''],
      ['M3', '赵六', '', '是', 'SM-002', '中级', '', ''], // no valid-until
      ['M4', '钱七', '', '否', 'SM-001', '', '', '2030-01-01'], // M1's certificate
    ];
    const dry = (
      await upload(t.app, pm, `/api/clients/${id}/staff/import?mode=dryRun`, await xlsx(rows), 's.xlsx')
    ).json();
    expect(dry.errors.map((e: { cell: string; code: string }) => [e.cell, e.code])).toEqual([
      ['H4', 'required_with_certificate'],
      ['E5', 'certificate_taken'],
    ]);
    rows.splice(3, 2);
    const file = await xlsx(rows);
    expect((await upload(t.app, pm, `/api/clients/${id}/staff/import`, file, 's.xlsx')).json()).toMatchObject(
      { created: 2, invalidRows: 0 },
    );
    const managers = (await evaluator.get(`/api/clients/${id}/service-managers`)).json().items;
    expect(managers).toHaveLength(1);
    expect(managers[0]).toMatchObject({
      name: '李四',
      idNumber: '110***********002X', // masked as elsewhere
      certificateNo: 'SM-001',
      level: '高级',
      issuer: '某认证协会',
      validUntil: '2030-06-30',
      status: 'active',
    });
    const staff = (await pm.get(`/api/clients/${id}/staff`)).json().items;
    expect(managers[0].staffId).toBe(staff.find((s: { staffNo: string }) => s.staffNo === 'M1').id);
    const stored = await t.ctx.db
      .selectFrom('serviceManagers')
      .selectAll()
      .where('clientId', '=', id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain('11010519491231002X'); // encrypted at rest
    expect((await evaluator.get(`/api/clients/${id}/staffing`)).json()).toMatchObject({ held: 1 });

    // Twice: nothing changes; a changed certificate row updates the manager.
    expect((await upload(t.app, pm, `/api/clients/${id}/staff/import`, file, 's.xlsx')).json()).toMatchObject(
      { created: 0, updated: 0, unchanged: 2 },
    );
    rows[1]![7] = '2031-06-30';
    expect(
      (await upload(t.app, pm, `/api/clients/${id}/staff/import`, await xlsx(rows), 's.xlsx')).json(),
    ).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await pm.get(`/api/clients/${id}/service-managers`)).json().items[0]).toMatchObject({
      validUntil: '2031-06-30',
      version: 2,
    });

    // The export carries the certificate columns and round-trips.
    const exported = await pm.get(`/api/clients/${id}/staff/export?format=csv`);
    const text = exported.rawPayload.toString('utf8');
    expect(text).toContain('售后服务管理师证书编号');
    expect(text).toContain('SM-001');
    expect(
      (await upload(t.app, pm, `/api/clients/${id}/staff/import`, exported.rawPayload, 's.csv')).json(),
    ).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('keeps every import and export route inside its tenant and client', async () => {
    const id = await newClient('隔离公司');
    const file = Buffer.from(csv([OUTLET_HEADER, ...outletRows(2)]));
    for (const kind of ['outlets', 'staff']) {
      expect(
        (await upload(t.app, adminB, `/api/clients/${id}/${kind}/import`, file, 'x.csv')).statusCode,
      ).toBe(404);
      expect((await adminB.get(`/api/clients/${id}/${kind}/export`)).statusCode).toBe(404);
    }
    const other = await newClient('另一家公司');
    const portal = await login(t.app, (await createUser(t.ctx, id, ['clientUser'])).email);
    expect(
      (await upload(t.app, portal, `/api/clients/${other}/outlets/import`, file, 'x.csv')).statusCode,
    ).toBe(404);
    expect((await portal.get(`/api/clients/${other}/outlets/export`)).statusCode).toBe(404);
    expect(
      (await upload(t.app, portal, `/api/clients/${id}/outlets/import`, file, 'x.csv')).json().created,
    ).toBe(2);
    expect(
      (await upload(t.app, evaluator, `/api/clients/${id}/outlets/import`, file, 'x.csv')).statusCode,
    ).toBe(403);
    expect(await outletCount(other)).toBe(0);
  });
});
