import { useContext, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEntryResponse } from '../../modules/audit/audit.contract.ts';
import { useCan } from '../auth/session.tsx';
import { listUsers } from '../users/api.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { zonedDayRange } from '../shared/time.ts';
import { TimeZoneContext } from '../shared/timezone-context.ts';
import type { AuditListParams } from './api.ts';
import { auditKeys, listAudit } from './api.ts';
import { AuditChange } from './AuditChange.tsx';

/** Entity types and actions the server records today; the fields also accept any other value. */
const KNOWN_ENTITY_TYPES = ['user', 'organisation', 'apiToken'];
const KNOWN_ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.lockout',
  'auth.password_change',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.reset_password',
  'user.preferences',
  'organisation.create',
  'organisation.update',
  'apiToken.create',
  'apiToken.revoke',
];

interface FilterValues {
  entityType?: string;
  action?: string;
  actorId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function keyOf(code: string): string {
  return code.replace(/[^a-zA-Z0-9]+/g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Suggestions narrow as one types: by code or by translated label, ignoring case. */
function matchesOption(input: string, option?: { value?: unknown; label?: unknown }): boolean {
  const needle = input.trim().toLowerCase();
  return (
    !needle || `${String(option?.value ?? '')} ${String(option?.label ?? '')}`.toLowerCase().includes(needle)
  );
}

/** The audit trail with filters; each row expands to the before/after summary. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const timeZone = useContext(TimeZoneContext);
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const [form] = Form.useForm<FilterValues>();
  const [params, setParams] = useState<AuditListParams>({ page: 1, pageSize: 20 });
  const [actorSearch, setActorSearch] = useState('');

  const audit = useQuery({
    queryKey: auditKeys.list(params),
    queryFn: ({ signal }) => listAudit(params, signal),
    placeholderData: keepPreviousData,
  });
  const actors = useQuery({
    queryKey: ['users', 'actor-options', actorSearch],
    queryFn: ({ signal }) => listUsers({ q: actorSearch || undefined, pageSize: 20, page: 1 }, signal),
    enabled: can('users.read'),
    placeholderData: keepPreviousData,
  });

  const actionLabel = (action: string) => {
    const key = `audit.action_label.${keyOf(action)}`;
    return i18n.exists(key) ? t(key) : null;
  };
  const entityLabel = (type: string) => {
    const key = `audit.entity_label.${keyOf(type)}`;
    return i18n.exists(key) ? t(key) : type;
  };

  const entityOptions = KNOWN_ENTITY_TYPES.map((v) => ({ value: v, label: `${entityLabel(v)} (${v})` }));
  const actionOptions = KNOWN_ACTIONS.map((v) => {
    const label = actionLabel(v);
    return { value: v, label: label ? `${label} (${v})` : v };
  });

  const apply = (values: FilterValues) => {
    const [fromDay, toDay] = values.range ?? [];
    let from: string | undefined;
    let to: string | undefined;
    if (fromDay && toDay) {
      [from, to] = zonedDayRange(
        { year: fromDay.year(), month: fromDay.month() + 1, day: fromDay.date() },
        { year: toDay.year(), month: toDay.month() + 1, day: toDay.date() },
        timeZone,
      );
    }
    setParams((p) => ({
      page: 1,
      pageSize: p.pageSize,
      entityType: values.entityType?.trim() || undefined,
      action: values.action?.trim() || undefined,
      actorId: values.actorId || undefined,
      from,
      to,
    }));
  };

  const columns: TableProps<AuditEntryResponse>['columns'] = [
    { title: '#', dataIndex: 'seq', width: 80 },
    {
      title: t('audit.field.occurred_at'),
      dataIndex: 'occurredAt',
      width: 180,
      render: (_, e) => formatInstant(e.occurredAt),
    },
    {
      title: t('audit.field.actor'),
      dataIndex: 'actor',
      width: 180,
      render: (_, e) =>
        e.actor?.name ?? <Typography.Text type="secondary">{t('audit.system_actor')}</Typography.Text>,
    },
    {
      title: t('audit.field.action'),
      dataIndex: 'action',
      render: (_, e) => {
        const label = actionLabel(e.action);
        return (
          <Flex vertical>
            {label ? <span>{label}</span> : null}
            <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
              {e.action}
            </Typography.Text>
          </Flex>
        );
      },
    },
    {
      title: t('audit.field.entity'),
      dataIndex: 'entityType',
      render: (_, e) => (
        <Flex vertical>
          <span>
            <Tag>{entityLabel(e.entityType)}</Tag>
          </span>
          {e.entityId ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: e.entityId }}>
              {e.entityId.slice(0, 8)}…
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle', { timeZone })} />
      <Card style={{ marginBottom: 16 }}>
        <Form<FilterValues> form={form} layout="vertical" onFinish={apply} data-testid="audit-filters">
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="entityType" label={t('audit.field.entity_type')}>
                <AutoComplete
                  allowClear
                  showSearch={{ filterOption: matchesOption }}
                  options={entityOptions}
                  placeholder={t('audit.filter.any')}
                  data-testid="audit-filter-entity-type"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="action" label={t('audit.field.action')}>
                <AutoComplete
                  allowClear
                  showSearch={{ filterOption: matchesOption }}
                  options={actionOptions}
                  placeholder={t('audit.filter.any')}
                  data-testid="audit-filter-action"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="actorId" label={t('audit.field.actor')}>
                <Select
                  allowClear
                  showSearch={{ filterOption: false, onSearch: setActorSearch }}
                  placeholder={
                    can('users.read') ? t('audit.filter.actor_placeholder') : t('audit.filter.any')
                  }
                  disabled={!can('users.read')}
                  loading={actors.isFetching}
                  options={(actors.data?.items ?? []).map((u) => ({
                    value: u.id,
                    label: `${u.displayName} <${u.email}>`,
                  }))}
                  data-testid="audit-filter-actor"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="range" label={t('audit.field.date_range')}>
                <DatePicker.RangePicker style={{ width: '100%' }} data-testid="audit-filter-range" />
              </Form.Item>
            </Col>
          </Row>
          <Flex gap="small" justify="flex-end">
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              {t('common.reset')}
            </Button>
            <Button type="primary" htmlType="submit" data-testid="audit-filter-submit">
              {t('common.search')}
            </Button>
          </Flex>
        </Form>
      </Card>
      <Card>
        <Table<AuditEntryResponse>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={audit.data?.items ?? []}
          loading={audit.isFetching}
          locale={audit.isError ? { emptyText: errorMessage(audit.error) } : undefined}
          scroll={{ x: 800 }}
          expandable={{
            expandedRowRender: (e) => (
              <Flex vertical gap="small">
                <AuditChange before={e.summary.before} after={e.summary.after} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('audit.field.entity_id')}: {e.entityId ?? '—'} · {t('audit.field.request_id')}:{' '}
                  {e.requestId ?? '—'}
                </Typography.Text>
              </Flex>
            ),
          }}
          pagination={{
            current: audit.data?.page ?? params.page,
            pageSize: audit.data?.pageSize ?? params.pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          onChange={(pagination) =>
            setParams((p) => ({
              ...p,
              page: pagination.current ?? 1,
              pageSize: pagination.pageSize ?? p.pageSize,
            }))
          }
          data-testid="audit-table"
        />
      </Card>
    </>
  );
}
