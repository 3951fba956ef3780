import { validateIdNumber, validatePhone } from '../../domain/registry/personal-data.ts';
import { parseDate, parseEnum, parseText, YES_NO, type ColumnSpec } from '../imports/columns.ts';

/** The fields of a staff member and their import columns. */

export const STAFF_STATUSES = ['active', 'left'] as const;
export const STAFF_STATUS_LABELS: Record<'active' | 'left', readonly string[]> = {
  active: ['在职', '在岗'],
  left: ['离职', '已离职'],
};

/** A personal number as read: the plain number, or a masked copy read back (keeps the stored number). */
export type PersonalInput = string | { masked: string } | null;

export interface StaffValues {
  staffNo: string;
  name: string;
  idNumber: PersonalInput;
  phone: PersonalInput;
  outletCode: string | null;
  position: string | null;
  department: string | null;
  serviceManagement: boolean;
  qualifications: string | null;
  employedSince: string | null;
  status: 'active' | 'left';
}
export type StaffField = keyof StaffValues;

export const STAFF_COLUMNS: readonly ColumnSpec<StaffField>[] = [
  {
    key: 'staffNo',
    zh: '工号',
    en: 'Staff no.',
    required: true,
    aliases: ['员工编号', '人员编号', 'staff number'],
    format: 'unique within the client, up to 64 characters',
    example: 'E0001',
  },
  { key: 'name', zh: '姓名', en: 'Name', required: true, format: 'up to 100 characters', example: '张三' },
  {
    key: 'idNumber',
    zh: '身份证件号码',
    en: 'ID number',
    aliases: ['身份证号', '身份证号码', '证件号码'],
    format: '18-character resident identity number (checked) or another document number; stored encrypted',
    example: '11010519491231002X',
  },
  {
    key: 'phone',
    zh: '手机号码',
    en: 'Mobile phone',
    aliases: ['手机', '联系电话'],
    format: 'personal number; stored encrypted',
    example: '13812345678',
  },
  {
    key: 'outletCode',
    zh: '所属网点编码',
    en: 'Outlet code',
    aliases: ['网点编码'],
    format: 'code of one of the client’s outlets; empty: headquarters',
    example: 'BJ-001',
  },
  {
    key: 'position',
    zh: '岗位',
    en: 'Position',
    aliases: ['职务'],
    format: 'up to 100 characters',
    example: '维修工程师',
  },
  { key: 'department', zh: '部门', en: 'Department', format: 'up to 100 characters', example: '客户服务部' },
  {
    key: 'serviceManagement',
    zh: '服务管理人员',
    en: 'Service management staff',
    aliases: ['是否服务管理人员'],
    format: '是 (yes) or 否 (no): counts toward the 售后服务管理师 10 % base; empty: 否',
    example: '是',
  },
  {
    key: 'qualifications',
    zh: '资质证书',
    en: 'Qualifications',
    aliases: ['资质'],
    format: 'free text, up to 500 characters',
    example: '家电维修工（中级）',
  },
  {
    key: 'employedSince',
    zh: '入职日期',
    en: 'Employed since',
    format: 'date YYYY-MM-DD',
    example: '2021-03-01',
  },
  {
    key: 'status',
    zh: '在职状态',
    en: 'Status',
    aliases: ['状态'],
    format: '在职 (active) or 离职 (left); empty: 在职',
    example: '在职',
  },
];

export const PERSONAL_STAFF_COLUMNS: readonly StaffField[] = ['idNumber', 'phone'];

function personal(
  v: string | null,
  check: (s: string) => { valid: true; value: string } | { valid: false; message: string },
) {
  if (v === null) return { ok: true as const, value: null };
  if (v.includes('*')) return { ok: true as const, value: { masked: v.trim() } };
  const r = check(v);
  return r.valid ? { ok: true as const, value: r.value } : { ok: false as const, reason: r.message };
}

export function parseStaffCells(cells: Partial<Record<StaffField, string | null>>) {
  const value: Partial<StaffValues> = {};
  const errors: { column: StaffField; reason: string }[] = [];
  const take = (field: StaffField, r: { ok: true; value: unknown } | { ok: false; reason: string }) => {
    if (!r.ok) errors.push({ column: field, reason: r.reason });
    else (value as Record<string, unknown>)[field] = r.value;
  };
  const has = (f: StaffField) => f in cells;
  const c = (f: StaffField) => cells[f] ?? null;
  if (has('staffNo')) take('staffNo', parseText(c('staffNo'), 64, true));
  if (has('name')) take('name', parseText(c('name'), 100, true));
  if (has('idNumber')) take('idNumber', personal(c('idNumber'), validateIdNumber));
  if (has('phone')) take('phone', personal(c('phone'), validatePhone));
  if (has('outletCode')) take('outletCode', parseText(c('outletCode'), 64));
  if (has('position')) take('position', parseText(c('position'), 100));
  if (has('department')) take('department', parseText(c('department'), 100));
  if (has('serviceManagement')) {
    const r = parseEnum<'yes' | 'no'>(c('serviceManagement'), YES_NO, 'no');
    take('serviceManagement', r.ok ? { ok: true, value: r.value === 'yes' } : r);
  }
  if (has('qualifications')) take('qualifications', parseText(c('qualifications'), 500));
  if (has('employedSince')) take('employedSince', parseDate(c('employedSince')));
  if (has('status')) take('status', parseEnum(c('status'), STAFF_STATUS_LABELS, 'active'));
  return { value, errors };
}
