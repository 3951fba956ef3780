import { validateIdNumber, validatePhone } from '../../domain/registry/personal-data.ts';
import type { RowSpec } from '../imports/row-scan.ts';
import {
  bad,
  parseDate,
  parseEnum,
  parseText,
  YES_NO,
  type ColumnSpec,
  type Parsed,
  type Problem,
} from '../imports/columns.ts';

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
  /**
   * The staff member's 售后服务管理师 certificate: with a number, the import creates or updates the
   * client's certified manager (name and ID number taken from the staff row); empty leaves managers alone.
   */
  managerCertificateNo: string | null;
  managerLevel: string | null;
  managerIssuer: string | null;
  managerValidUntil: string | null;
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
  {
    key: 'managerCertificateNo',
    zh: '售后服务管理师证书编号',
    en: 'Manager certificate no.',
    aliases: ['管理师证书编号'],
    format:
      'number of the 售后服务管理师 certificate, up to 64 characters: the person becomes a certified manager; empty: no change',
    example: 'SM-2024-0001',
  },
  {
    key: 'managerLevel',
    zh: '管理师证书等级',
    en: 'Manager certificate level',
    aliases: ['证书等级'],
    format: 'up to 50 characters',
    example: '高级',
  },
  {
    key: 'managerIssuer',
    zh: '管理师发证机构',
    en: 'Manager certificate issuer',
    aliases: ['发证机构'],
    format: 'up to 200 characters',
    example: '中国商业联合会',
  },
  {
    key: 'managerValidUntil',
    zh: '管理师证书有效期至',
    en: 'Manager certificate valid until',
    aliases: ['证书有效期至'],
    format: 'date YYYY-MM-DD; required with a certificate number',
    example: '2028-06-30',
  },
];

/** The certificate columns: given only for a certified manager. */
export const MANAGER_STAFF_COLUMNS = [
  'managerCertificateNo',
  'managerLevel',
  'managerIssuer',
  'managerValidUntil',
] as const satisfies readonly StaffField[];

export const PERSONAL_STAFF_COLUMNS: readonly StaffField[] = ['idNumber', 'phone'];

function personal(
  v: string | null,
  check: (s: string) => { valid: true; value: string } | { valid: false; message: string },
  code: string,
): Parsed<PersonalInput> {
  if (v === null) return { ok: true as const, value: null };
  if (v.includes('*')) return { ok: true as const, value: { masked: v.trim() } };
  const r = check(v);
  return r.valid ? { ok: true as const, value: r.value } : bad(code, r.message);
}

export function parseStaffCells(cells: Partial<Record<StaffField, string | null>>) {
  const value: Partial<StaffValues> = {};
  const errors: ({ column: StaffField } & Problem)[] = [];
  const take = (field: StaffField, r: Parsed<unknown>) => {
    if (!r.ok)
      errors.push({
        column: field,
        code: r.code,
        reason: r.reason,
        ...(r.params ? { params: r.params } : {}),
      });
    else (value as Record<string, unknown>)[field] = r.value;
  };
  const has = (f: StaffField) => f in cells;
  const c = (f: StaffField) => cells[f] ?? null;
  if (has('staffNo')) take('staffNo', parseText(c('staffNo'), 64, true));
  if (has('name')) take('name', parseText(c('name'), 100, true));
  if (has('idNumber')) take('idNumber', personal(c('idNumber'), validateIdNumber, 'invalid_id_number'));
  if (has('phone')) take('phone', personal(c('phone'), validatePhone, 'invalid_phone'));
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
  if (has('managerCertificateNo')) take('managerCertificateNo', parseText(c('managerCertificateNo'), 64));
  if (has('managerLevel')) take('managerLevel', parseText(c('managerLevel'), 50));
  if (has('managerIssuer')) take('managerIssuer', parseText(c('managerIssuer'), 200));
  if (has('managerValidUntil')) take('managerValidUntil', parseDate(c('managerValidUntil')));
  if (value.managerCertificateNo && !value.managerValidUntil && !errors.length) {
    errors.push({
      column: 'managerValidUntil',
      code: 'required_with_certificate',
      reason: 'is required with a manager certificate number',
    });
  }
  return { value, errors };
}

/** The staff rows of an import file: columns, parsing and key (no database; import-engine, row-scan). */
export const staffRowSpec: RowSpec<StaffField, Partial<StaffValues>> = {
  kind: 'staff',
  columns: STAFF_COLUMNS,
  personalColumns: PERSONAL_STAFF_COLUMNS,
  keyColumn: 'staffNo',
  parseRow: (cells) => parseStaffCells(cells),
  keyOf: (v) => v.staffNo!,
};
