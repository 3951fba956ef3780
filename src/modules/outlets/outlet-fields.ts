import { hash } from 'node:crypto';
import type { RowSpec } from '../imports/row-scan.ts';
import { validateCreditCode } from '../../domain/registry/credit-code.ts';
import { findDivision, validateDivisionCode } from '../../domain/registry/divisions.ts';
import type { OutletRow, OutletsTable } from '../../db/schema.ts';
import {
  bad,
  parseDate,
  parseDecimal,
  parseEnum,
  parseEnumList,
  parseInteger,
  parseText,
  type ColumnSpec,
  type Parsed,
  type Problem,
} from '../imports/columns.ts';

/** The fields of an outlet and their rules, shared by the API and the import. */

export const OUTLET_CHANNELS = ['inStore', 'onSite', 'hotline', 'online'] as const;
export type OutletChannel = (typeof OUTLET_CHANNELS)[number];
export const OUTLET_OWNERSHIPS = ['owned', 'contracted'] as const;
export const OUTLET_STATUSES = ['active', 'closed'] as const;

/** Labels accepted on import; the first is written on export. */
export const CHANNEL_LABELS: Record<OutletChannel, readonly string[]> = {
  inStore: ['到店', '店内', 'in-store', 'in store'],
  onSite: ['上门', '上门维修', 'on-site', 'on site'],
  hotline: ['热线', '电话', 'phone'],
  online: ['线上', '在线', '网上'],
};
export const OWNERSHIP_LABELS: Record<'owned' | 'contracted', readonly string[]> = {
  owned: ['自有', '自营', '直营'],
  contracted: ['合作', '委托', '授权', '签约', 'partner'],
};
export const STATUS_LABELS: Record<'active' | 'closed', readonly string[]> = {
  active: ['营业', '正常', '启用', 'open'],
  closed: ['关闭', '停业', '撤销'],
};

export interface OutletValues {
  code: string;
  name: string;
  address: string | null;
  divisionCode: string | null;
  latitude: number | null;
  longitude: number | null;
  ownership: 'owned' | 'contracted';
  partnerName: string | null;
  partnerCreditCode: string | null;
  agreementValidUntil: string | null;
  channels: OutletChannel[];
  staffCount: number | null;
  openedOn: string | null;
  phone: string | null;
  status: 'active' | 'closed';
}
export type OutletField = keyof OutletValues;
export const OUTLET_FIELDS: readonly OutletField[] = [
  'code',
  'name',
  'address',
  'divisionCode',
  'latitude',
  'longitude',
  'ownership',
  'partnerName',
  'partnerCreditCode',
  'agreementValidUntil',
  'channels',
  'staffCount',
  'openedOn',
  'phone',
  'status',
];

export const OUTLET_COLUMNS: readonly ColumnSpec<OutletField>[] = [
  {
    key: 'code',
    zh: '网点编码',
    en: 'Outlet code',
    required: true,
    aliases: ['编码', '网点代码', 'code'],
    format: 'unique within the client, up to 64 characters',
    example: 'BJ-001',
  },
  {
    key: 'name',
    zh: '网点名称',
    en: 'Outlet name',
    required: true,
    aliases: ['名称'],
    format: 'up to 200 characters',
    example: '北京东城服务中心',
  },
  {
    key: 'divisionCode',
    zh: '行政区划代码',
    en: 'Division code',
    aliases: ['区划代码', '行政区划'],
    format: 'six-digit GB/T 2260 code of the county (or city, province)',
    example: '110101',
  },
  {
    key: 'address',
    zh: '详细地址',
    en: 'Address',
    aliases: ['地址'],
    format: 'up to 500 characters',
    example: '东城区东直门南大街1号',
  },
  {
    key: 'latitude',
    zh: '纬度',
    en: 'Latitude',
    format: 'decimal degrees, −90 to 90 (with longitude)',
    example: '39.9288',
  },
  {
    key: 'longitude',
    zh: '经度',
    en: 'Longitude',
    format: 'decimal degrees, −180 to 180 (with latitude)',
    example: '116.4164',
  },
  {
    key: 'ownership',
    zh: '经营方式',
    en: 'Ownership',
    aliases: ['自有/合作'],
    format: '自有 (owned) or 合作 (contracted); empty: 自有',
    example: '合作',
  },
  {
    key: 'partnerName',
    zh: '合作方名称',
    en: 'Partner name',
    aliases: ['合作方'],
    format: 'required when contracted',
    example: '北京某某家电维修有限公司',
  },
  {
    key: 'partnerCreditCode',
    zh: '合作方统一社会信用代码',
    en: 'Partner credit code',
    aliases: ['合作方信用代码'],
    format: '18-character unified social credit code (GB 32100, check character verified)',
    example: '914403001922038216',
  },
  {
    key: 'agreementValidUntil',
    zh: '协议有效期至',
    en: 'Agreement valid until',
    aliases: ['协议有效期'],
    format: 'date YYYY-MM-DD',
    example: '2027-12-31',
  },
  {
    key: 'channels',
    zh: '服务渠道',
    en: 'Channels',
    format: '到店 (inStore), 上门 (onSite), 热线 (hotline), 线上 (online); separate with commas',
    example: '到店,上门',
  },
  {
    key: 'staffCount',
    zh: '服务人员数',
    en: 'Staff count',
    aliases: ['人员数'],
    format: 'whole number',
    example: '6',
  },
  {
    key: 'openedOn',
    zh: '开业日期',
    en: 'Opening date',
    aliases: ['成立日期'],
    format: 'date YYYY-MM-DD',
    example: '2019-05-01',
  },
  {
    key: 'phone',
    zh: '服务电话',
    en: 'Service phone',
    aliases: ['电话'],
    format: 'the outlet’s public service number',
    example: '010-88886666',
  },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    format: '营业 (active) or 关闭 (closed); empty: 营业',
    example: '营业',
  },
];

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const CODE_PATTERN = /^[^\s\u0000-\u001f][^\u0000-\u001f]{0,63}$/;

/** Cross-field rules, on a complete outlet: a contracted outlet names its partner; coordinates go in pairs. */
export type OutletProblem = { column: OutletField } & Problem;

export function outletRuleErrors(v: OutletValues): OutletProblem[] {
  const errors: OutletProblem[] = [];
  if (v.ownership === 'contracted' && !v.partnerName) {
    errors.push({
      column: 'partnerName',
      code: 'required_when_contracted',
      reason: 'is required for a contracted outlet',
    });
  }
  if ((v.latitude === null) !== (v.longitude === null)) {
    errors.push({
      column: v.latitude === null ? 'latitude' : 'longitude',
      code: 'coordinates_pair',
      reason: 'give latitude and longitude together',
    });
  }
  return errors;
}

type CellValues = Partial<Record<OutletField, string | null>>;

/** Parses the cells of one import row; an absent column leaves its field undefined (unchanged). */
export function parseOutletCells(cells: CellValues): {
  value: Partial<OutletValues>;
  errors: OutletProblem[];
} {
  const value: Partial<OutletValues> = {};
  const errors: OutletProblem[] = [];
  const take = <F extends OutletField>(
    field: F,
    p: (v: string | null) => Parsed<OutletValues[F] | null>,
    fallback?: OutletValues[F],
  ) => {
    if (!(field in cells)) return;
    const r = p(cells[field] ?? null);
    if (!r.ok)
      errors.push({
        column: field,
        code: r.code,
        reason: r.reason,
        ...(r.params ? { params: r.params } : {}),
      });
    else (value as Record<string, unknown>)[field] = r.value ?? fallback ?? null;
  };
  take('code', (v) => {
    const t = parseText(v, 64, true);
    if (t.ok && t.value !== null && !CODE_PATTERN.test(t.value))
      return bad('control_characters', 'holds control characters');
    return t as Parsed<string | null>;
  });
  take('name', (v) => parseText(v, 200, true) as Parsed<string | null>);
  take('address', (v) => parseText(v, 500));
  take('divisionCode', (v) => {
    if (v === null) return { ok: true, value: null };
    const r = validateDivisionCode(v);
    return r.valid
      ? { ok: true, value: r.division.code }
      : bad('invalid_division_code', r.message, { value: v });
  });
  take('latitude', (v) => parseDecimal(v, -90, 90));
  take('longitude', (v) => parseDecimal(v, -180, 180));
  take('ownership', (v) => parseEnum(v, OWNERSHIP_LABELS, 'owned'), 'owned');
  take('partnerName', (v) => parseText(v, 200));
  take('partnerCreditCode', (v) => {
    if (v === null) return { ok: true, value: null };
    const r = validateCreditCode(v);
    return r.valid
      ? { ok: true, value: r.code }
      : bad('invalid_credit_code', `unified social credit code: ${r.message}`, { problem: r.problem });
  });
  take('agreementValidUntil', parseDate);
  take('channels', (v) => parseEnumList(v, CHANNEL_LABELS));
  take('staffCount', (v) => parseInteger(v, 0, 1_000_000));
  take('openedOn', parseDate);
  take('phone', (v) => parseText(v, 40));
  take('status', (v) => parseEnum(v, STATUS_LABELS, 'active'), 'active');
  return { value, errors };
}

export const DEFAULT_OUTLET: Omit<OutletValues, 'code' | 'name'> = {
  address: null,
  divisionCode: null,
  latitude: null,
  longitude: null,
  ownership: 'owned',
  partnerName: null,
  partnerCreditCode: null,
  agreementValidUntil: null,
  channels: [],
  staffCount: null,
  openedOn: null,
  phone: null,
  status: 'active',
};

const orDefault = <K extends keyof OutletValues>(v: Partial<OutletValues>, k: K): OutletValues[K] => {
  const x = v[k];
  return (x === undefined ? (DEFAULT_OUTLET as OutletValues)[k] : x) as OutletValues[K];
};

/**
 * The values of an imported row with the defaults filled in for absent columns: what
 * `{ ...DEFAULT_OUTLET, ...value }` means, written out because an import does it for every row and
 * the spread of a row's parsed values (built key by key) cost ten times as much (bench:import).
 */
export function withDefaults(v: Partial<OutletValues>): OutletValues {
  return {
    code: v.code!,
    name: v.name!,
    address: orDefault(v, 'address'),
    divisionCode: orDefault(v, 'divisionCode'),
    latitude: orDefault(v, 'latitude'),
    longitude: orDefault(v, 'longitude'),
    ownership: orDefault(v, 'ownership'),
    partnerName: orDefault(v, 'partnerName'),
    partnerCreditCode: orDefault(v, 'partnerCreditCode'),
    agreementValidUntil: orDefault(v, 'agreementValidUntil'),
    channels: orDefault(v, 'channels'),
    staffCount: orDefault(v, 'staffCount'),
    openedOn: orDefault(v, 'openedOn'),
    phone: orDefault(v, 'phone'),
    status: orDefault(v, 'status'),
  };
}

export function valuesOf(row: OutletRow): OutletValues {
  return {
    code: row.code,
    name: row.name,
    address: row.address,
    divisionCode: row.divisionCode,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    ownership: row.ownership,
    partnerName: row.partnerName,
    partnerCreditCode: row.partnerCreditCode,
    agreementValidUntil: row.agreementValidUntil,
    channels: JSON.parse(row.channels) as OutletChannel[],
    staffCount: row.staffCount,
    openedOn: row.openedOn,
    phone: row.phone,
    status: row.status,
  };
}

/** A digest of every value: equal digests, equal outlets (an unchanged import row is recognised by it). */
export function outletHash(v: OutletValues): string {
  return hash('sha256', JSON.stringify(OUTLET_FIELDS.map((f) => v[f])), 'base64url');
}

type CreatedColumns = 'createdById' | 'createdByName' | 'createdSource' | 'createdImportId' | 'createdAt';

/** The columns stored for a set of values (division → province and city for the region breakdown). */
export function columnsOf(
  v: OutletValues,
): Omit<OutletsTable, 'id' | 'cbId' | 'clientId' | CreatedColumns | 'updatedAt' | 'version'> {
  const d = v.divisionCode ? findDivision(v.divisionCode) : undefined;
  return {
    code: v.code,
    name: v.name,
    address: v.address,
    divisionCode: v.divisionCode,
    provinceCode: d?.provinceCode ?? null,
    cityCode: d?.cityCode ?? null,
    latitude: v.latitude,
    longitude: v.longitude,
    ownership: v.ownership,
    partnerName: v.partnerName,
    partnerCreditCode: v.partnerCreditCode,
    agreementValidUntil: v.agreementValidUntil,
    channels: JSON.stringify(v.channels),
    staffCount: v.staffCount,
    openedOn: v.openedOn,
    phone: v.phone,
    status: v.status,
    contentHash: outletHash(v),
  };
}

const same = (a: unknown, b: unknown) =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]));

/** The fields that differ, from and to; empty when nothing changed. */
export function diffOutlet(
  before: OutletValues,
  after: OutletValues,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of OUTLET_FIELDS)
    if (!same(before[f], after[f])) changes[f] = { from: before[f], to: after[f] };
  return changes;
}

/** Values as export cells, in column order; enum values in their Chinese label. */
export function outletCells(v: OutletValues): (string | number | null)[] {
  return OUTLET_COLUMNS.map((c) => {
    switch (c.key) {
      case 'channels':
        return v.channels.map((ch) => CHANNEL_LABELS[ch][0]).join(',') || null;
      case 'ownership':
        return OWNERSHIP_LABELS[v.ownership][0]!;
      case 'status':
        return STATUS_LABELS[v.status][0]!;
      default:
        return v[c.key] as string | number | null;
    }
  });
}

/** The outlet rows of an import file: columns, parsing and key (no database; import-engine, row-scan). */
export const outletRowSpec: RowSpec<OutletField, Partial<OutletValues>> = {
  kind: 'outlets',
  columns: OUTLET_COLUMNS,
  keyColumn: 'code',
  parseRow(cells) {
    const { value, errors } = parseOutletCells(cells);
    return errors.length ? { errors } : { value, errors: [] };
  },
  keyOf: (v) => v.code!,
};
