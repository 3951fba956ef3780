import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Badge,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Input,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, HistoryOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useCan } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import type {
  Client,
  Outlet,
  OutletChannel,
  OutletListParams,
  OutletOwnership,
  OutletRegions,
  OutletStatus,
} from './api.ts';
import {
  exportUrl,
  listOutlets,
  OUTLET_CHANNELS,
  OUTLET_OWNERSHIPS,
  OUTLET_STATUSES,
  outletHistory,
  outletRegions,
  registryKeys,
} from './api.ts';
import { DivisionCascader, KeysetPager, lastOf, useKeyset } from './fields.tsx';
import { channelLabel, DASH, outletStatusLabel, ownershipLabel } from './labels.ts';
import { OutletFormModal } from './OutletFormModal.tsx';

/** The outlets of a client: filters, keyset pages, add and edit, the history of one, the regions. */
export function OutletsTab({ client }: { client: Client }) {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('outlets.manage');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();

  const [search, setSearch] = useState('');
  const [division, setDivision] = useState<string[]>([]);
  const [params, setParams] = useState<OutletListParams>({ limit: 20, sort: 'code' });
  const pager = useKeyset(JSON.stringify(params));
  const [editing, setEditing] = useState<Outlet | 'new' | null>(null);
  const [history, setHistory] = useState<Outlet | null>(null);

  const outlets = useQuery({
    queryKey: registryKeys.outletList(client.id, params, pager.after),
    queryFn: ({ signal }) => listOutlets(client.id, params, pager.after, signal),
    placeholderData: keepPreviousData,
  });
  const setFilter = (patch: Partial<OutletListParams>) => setParams((p) => ({ ...p, ...patch }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: registryKeys.outlets(client.id) });

  const columns: TableProps<Outlet>['columns'] = [
    {
      title: t('clients.outlet.code'),
      dataIndex: 'code',
      width: 110,
      fixed: 'left',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    { title: t('clients.outlet.name'), dataIndex: 'name', ellipsis: true },
    {
      title: t('clients.outlet.region'),
      key: 'region',
      width: 170,
      render: (_, o) => (
        <Flex vertical>
          <span>{o.division?.fullName ?? DASH}</span>
          {o.address ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {o.address}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('clients.outlet.ownership'),
      key: 'ownership',
      width: 190,
      render: (_, o) =>
        o.ownership === 'owned' ? (
          <Tag color="blue">{ownershipLabel(t, o.ownership)}</Tag>
        ) : (
          <Flex vertical gap={2}>
            <span>
              <Tag color="purple">{ownershipLabel(t, o.ownership)}</Tag>
              {o.partnerName}
            </span>
            {o.agreementValidUntil ? (
              <Typography.Text type={o.agreementExpired ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {o.agreementExpired
                  ? t('clients.outlet.agreement_expired', { date: o.agreementValidUntil })
                  : t('clients.outlet.agreement_until', { date: o.agreementValidUntil })}
              </Typography.Text>
            ) : null}
          </Flex>
        ),
    },
    {
      title: t('clients.outlet.channels'),
      dataIndex: 'channels',
      width: 150,
      render: (chs: OutletChannel[]) =>
        chs.length ? (
          <Space size={[0, 4]} wrap>
            {chs.map((c) => (
              <Tag key={c}>{channelLabel(t, c)}</Tag>
            ))}
          </Space>
        ) : (
          DASH
        ),
    },
    {
      title: t('clients.outlet.staff_count'),
      dataIndex: 'staffCount',
      width: 80,
      align: 'right',
      render: (v: number | null) => v ?? DASH,
    },
    {
      title: t('clients.outlet.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: OutletStatus) => (
        <Badge status={s === 'active' ? 'success' : 'default'} text={outletStatusLabel(t, s)} />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canManage ? 150 : 90,
      fixed: 'right',
      render: (_, o) => (
        <Space size={0}>
          {canManage ? (
            <Button
              type="link"
              size="small"
              onClick={() => setEditing(o)}
              data-testid={`outlet-edit-${o.code}`}
            >
              {t('common.edit')}
            </Button>
          ) : null}
          <Button
            type="link"
            size="small"
            icon={<HistoryOutlined />}
            onClick={() => setHistory(o)}
            data-testid={`outlet-history-${o.code}`}
          >
            {t('clients.outlet.history')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap="middle">
      <Card
        title={t('clients.outlet.title')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="outlet-create"
            >
              {t('clients.outlet.create')}
            </Button>
          ) : null
        }
      >
        <Flex gap="small" wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('clients.outlet.search_placeholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) setFilter({ q: undefined });
            }}
            onSearch={(v) => setFilter({ q: v.trim() || undefined })}
            style={{ width: 260, maxWidth: '100%' }}
            data-testid="outlets-search"
          />
          <Select<OutletStatus>
            allowClear
            placeholder={t('clients.outlet.status')}
            value={params.status}
            onChange={(status) => setFilter({ status })}
            options={OUTLET_STATUSES.map((v) => ({ value: v, label: outletStatusLabel(t, v) }))}
            style={{ width: 110 }}
          />
          <Select<OutletOwnership>
            allowClear
            placeholder={t('clients.outlet.ownership')}
            value={params.ownership}
            onChange={(ownership) => setFilter({ ownership })}
            options={OUTLET_OWNERSHIPS.map((v) => ({ value: v, label: ownershipLabel(t, v) }))}
            style={{ width: 120 }}
            data-testid="outlets-ownership-filter"
          />
          <Select<OutletChannel>
            allowClear
            placeholder={t('clients.outlet.channel')}
            value={params.channel}
            onChange={(channel) => setFilter({ channel })}
            options={OUTLET_CHANNELS.map((v) => ({ value: v, label: channelLabel(t, v) }))}
            style={{ width: 120 }}
          />
          <DivisionCascader
            value={division}
            onChange={(path) => {
              setDivision(path);
              setFilter({ divisionCode: lastOf(path) ?? undefined });
            }}
            placeholder={t('clients.outlet.region')}
            style={{ width: 220 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()} title={t('common.refresh')} />
          {(['xlsx', 'csv'] as const).map((f) => (
            <Button
              key={f}
              icon={<DownloadOutlined />}
              href={exportUrl(client.id, 'outlets', f, {
                q: params.q,
                status: params.status,
                ownership: params.ownership,
                channel: params.channel,
                divisionCode: params.divisionCode,
              })}
              download
              title={t('clients.outlet.export_filtered_hint')}
              data-testid={`outlets-export-${f}`}
            >
              {t('clients.outlet.export_filtered', { format: f.toUpperCase() })}
            </Button>
          ))}
        </Flex>
        <Table<Outlet>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={outlets.data?.items ?? []}
          loading={outlets.isFetching}
          locale={outlets.isError ? { emptyText: errorMessage(outlets.error) } : undefined}
          scroll={{ x: 1050 }}
          pagination={false}
          data-testid="outlets-table"
        />
        <KeysetPager
          page={pager.page}
          total={outlets.data?.total}
          nextCursor={outlets.data?.nextCursor}
          onNext={pager.next}
          onPrevious={pager.previous}
          testId="outlets-pager"
        />
      </Card>
      <RegionsCard clientId={client.id} />
      <OutletFormModal
        clientId={client.id}
        outlet={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(saved, created) => {
          setEditing(null);
          void queryClient.invalidateQueries({ queryKey: registryKeys.client(client.id) });
          void queryClient.invalidateQueries({ queryKey: registryKeys.outletHistory(saved.id) });
          void message.success(
            created
              ? t('clients.outlet.created', { code: saved.code })
              : t('clients.outlet.saved', { code: saved.code }),
          );
        }}
        onConflict={() => void refresh()}
      />
      <HistoryDrawer outlet={history} onClose={() => setHistory(null)} />
    </Flex>
  );
}

function RegionsCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const regions = useQuery({
    queryKey: registryKeys.regions(clientId),
    queryFn: ({ signal }) => outletRegions(clientId, signal),
  });
  type Row = OutletRegions['provinces'][number] | OutletRegions['provinces'][number]['cities'][number];
  const max = Math.max(1, ...(regions.data?.provinces ?? []).map((p) => p.total));
  const columns: TableProps<Row>['columns'] = [
    {
      title: t('clients.regions.region'),
      key: 'name',
      render: (_, r) => (r.code ? r.name : t('clients.regions.unknown')),
    },
    {
      title: t('clients.regions.total'),
      dataIndex: 'total',
      width: 220,
      render: (v: number) => (
        <Flex align="center" gap="small">
          <Progress
            percent={(v / max) * 100}
            showInfo={false}
            size="small"
            style={{ width: 120, margin: 0 }}
          />
          <span>{v}</span>
        </Flex>
      ),
    },
    { title: t('clients.regions.active'), dataIndex: 'active', width: 80, align: 'right' },
    { title: t('clients.regions.contracted'), dataIndex: 'contracted', width: 90, align: 'right' },
    { title: t('clients.regions.staff'), dataIndex: 'staff', width: 90, align: 'right' },
  ];
  return (
    <Card
      title={t('clients.regions.title')}
      extra={
        regions.data ? (
          <Typography.Text type="secondary">
            {t('clients.regions.summary', { total: regions.data.total, active: regions.data.active })}
          </Typography.Text>
        ) : null
      }
    >
      <Table<Row>
        rowKey={(r) => r.code ?? 'none'}
        size="small"
        columns={columns}
        loading={regions.isPending}
        dataSource={(regions.data?.provinces ?? []).map((p) => ({
          ...p,
          children:
            p.cities.length > 1 || (p.cities[0] && p.cities[0].name !== p.name) ? p.cities : undefined,
        }))}
        pagination={false}
        scroll={{ x: 560 }}
        data-testid="outlet-regions"
      />
    </Card>
  );
}

function formatValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return DASH;
  if (Array.isArray(value)) {
    return field === 'channels'
      ? value.map((c) => channelLabel(t, c as OutletChannel)).join('、') || DASH
      : value.join(', ');
  }
  if (field === 'ownership') return ownershipLabel(t, value as OutletOwnership);
  if (field === 'status') return outletStatusLabel(t, value as OutletStatus);
  return String(value);
}

/** Who changed what and when, newest first, from /api/outlets/:id/history. */
function HistoryDrawer({ outlet, onClose }: { outlet: Outlet | null; onClose: () => void }) {
  const { t } = useTranslation();
  const formatInstant = useFormatInstant();
  const errorMessage = useErrorMessage();
  const history = useQuery({
    queryKey: registryKeys.outletHistory(outlet?.id ?? ''),
    queryFn: ({ signal }) => outletHistory(outlet!.id, signal),
    enabled: !!outlet,
  });
  return (
    <Drawer
      open={!!outlet}
      onClose={onClose}
      title={outlet ? t('clients.history.title', { code: outlet.code, name: outlet.name }) : ''}
      size="large"
      data-testid="outlet-history"
    >
      {history.isError ? (
        <Typography.Text type="danger">{errorMessage(history.error)}</Typography.Text>
      ) : history.data && history.data.items.length === 0 ? (
        <Empty />
      ) : (
        <Timeline
          items={(history.data?.items ?? []).map((c) => ({
            color: c.action === 'create' ? 'green' : 'blue',
            content: (
              <Flex vertical gap={4} data-testid="outlet-history-entry">
                <Flex gap="small" wrap align="center">
                  <Typography.Text strong>{t(`clients.history.action.${c.action}`)}</Typography.Text>
                  <Tag>{t(`clients.history.source.${c.source}`)}</Tag>
                  <Typography.Text type="secondary">
                    {formatInstant(c.occurredAt)} · {c.actor.name} · v{c.version}
                  </Typography.Text>
                </Flex>
                {Object.entries(c.changes).map(([field, { from, to }]) => (
                  <div key={field} style={{ fontSize: 13 }}>
                    <Typography.Text type="secondary">{fieldLabel(t, field)}：</Typography.Text>
                    {c.action === 'create' ? null : (
                      <>
                        <Typography.Text delete type="secondary">
                          {formatValue(t, field, from)}
                        </Typography.Text>
                        {' → '}
                      </>
                    )}
                    <Tooltip title={field}>
                      <span>{formatValue(t, field, to)}</span>
                    </Tooltip>
                  </div>
                ))}
              </Flex>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}

const OUTLET_FIELD_KEYS: Record<string, string> = {
  code: 'code',
  name: 'name',
  address: 'address',
  divisionCode: 'division',
  latitude: 'latitude',
  longitude: 'longitude',
  ownership: 'ownership',
  partnerName: 'partner_name',
  partnerCreditCode: 'partner_credit_code',
  agreementValidUntil: 'agreement_valid_until',
  channels: 'channels',
  staffCount: 'staff_count',
  openedOn: 'opened_on',
  phone: 'phone',
  status: 'status',
};

/** The label of an outlet field (history and import errors name fields by their API name). */
export function fieldLabel(t: TFunction, field: string): string {
  const key = OUTLET_FIELD_KEYS[field];
  return key ? t(`clients.outlet.${key}`) : field;
}
