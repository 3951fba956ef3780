import { Table, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction, i18n as I18n } from 'i18next';
import { ROLES } from '../../domain/access/roles.ts';
import type { Role } from '../../domain/access/roles.ts';
import { useFormatInstant } from '../shared/format.ts';
import { roleLabel } from '../shared/roles.tsx';

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.join(', ');
  return JSON.stringify(value);
}

/** A key segment for a recorded name or value: displayName → display_name, zh-CN → zh_cn. */
function keyOf(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** A recorded value in words: role names, statuses and kinds translated, instants in the CB's zone. */
function present(
  field: string,
  value: unknown,
  t: TFunction,
  i18n: I18n,
  formatInstant: (iso: string) => string,
): string {
  if (field === 'roles' && Array.isArray(value) && value.every(isRole)) {
    return value.map((r) => roleLabel(t, r)).join('、');
  }
  if (typeof value === 'string') {
    const key = `audit.value_label.${keyOf(field)}.${keyOf(value)}`;
    if (i18n.exists(key)) return t(key);
    if (/At$/.test(field) && !Number.isNaN(Date.parse(value))) return formatInstant(value);
  }
  return show(value);
}

interface Row {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/**
 * The before/after summary of an audit entry: field by field with the changed fields highlighted when
 * both sides are records, as JSON otherwise.
 */
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const formatInstant = useFormatInstant();
  const fieldLabel = (field: string) => {
    const key = `audit.field_label.${keyOf(field)}`;
    return i18n.exists(key) ? t(key) : null;
  };
  const value = (field: string, v: unknown) => present(field, v, t, i18n, formatInstant);

  if (before === undefined && after === undefined) {
    return <Typography.Text type="secondary">{t('audit.summary.empty')}</Typography.Text>;
  }

  if ((before === undefined || isPlain(before)) && (after === undefined || isPlain(after))) {
    const b: Plain = before ?? {};
    const a: Plain = after ?? {};
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const rows: Row[] = fields.map((field) => ({
      field,
      before: b[field],
      after: a[field],
      changed:
        before !== undefined && after !== undefined && JSON.stringify(b[field]) !== JSON.stringify(a[field]),
    }));
    return (
      <Table<Row>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        onRow={(row) => (row.changed ? { style: { background: token.colorWarningBg } } : {})}
        columns={[
          {
            title: t('audit.summary.field'),
            dataIndex: 'field',
            width: 220,
            render: (field: string) => {
              const label = fieldLabel(field);
              return label ? (
                <span title={field}>{label}</span>
              ) : (
                <Typography.Text code>{field}</Typography.Text>
              );
            },
          },
          ...(before === undefined
            ? []
            : [
                {
                  title: t('audit.summary.before'),
                  key: 'before',
                  render: (_: unknown, r: Row) => value(r.field, r.before),
                },
              ]),
          ...(after === undefined
            ? []
            : [
                {
                  title: t('audit.summary.after'),
                  key: 'after',
                  render: (_: unknown, r: Row) =>
                    r.changed ? (
                      <Typography.Text strong>{value(r.field, r.after)}</Typography.Text>
                    ) : (
                      value(r.field, r.after)
                    ),
                },
              ]),
        ]}
        data-testid="audit-change"
      />
    );
  }

  return (
    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {JSON.stringify({ before, after }, null, 2)}
    </pre>
  );
}
