import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { listClients, registryKeys } from '../clients/api.ts';
import { KeysetPager, useKeyset } from '../clients/fields.tsx';
import { DASH } from '../clients/labels.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { PersonFormModal } from './PersonFormModal.tsx';
import type {
  Declaration,
  Person,
  PersonnelListParams,
  PersonnelStatus,
  QualificationRole,
  Relationship,
} from './api.ts';
import {
  addDeclaration,
  listPersonnel,
  PERSONNEL_STATUSES,
  personnelKeys,
  QUALIFICATION_ROLES,
  RELATIONSHIPS,
} from './api.ts';

/**
 * The certification body's evaluators and technical experts: qualifications (scheme, role, validity),
 * GB/T 4754 competence codes, languages, home region, and impartiality declarations (which block
 * assignments to that client for two years after the relationship ended).
 */
export default function PersonnelPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('personnel.manage');
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [search, setSearch] = useState('');
  const [params, setParams] = useState<PersonnelListParams>({ limit: 20 });
  const pager = useKeyset(JSON.stringify(params));
  const [declaring, setDeclaring] = useState<Person | null>(null);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);

  const personnel = useQuery({
    queryKey: personnelKeys.list(params, pager.after),
    queryFn: ({ signal }) => listPersonnel(params, pager.after, signal),
    placeholderData: keepPreviousData,
  });
  const setFilter = (patch: Partial<PersonnelListParams>) => setParams((p) => ({ ...p, ...patch }));

  const columns: TableProps<Person>['columns'] = [
    {
      title: t('personnel.field.name'),
      key: 'name',
      width: 170,
      fixed: 'left',
      render: (_, p) => (
        <Flex vertical>
          <Typography.Text strong>{p.name}</Typography.Text>
          {p.email ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.email}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('personnel.field.qualifications'),
      key: 'qualifications',
      render: (_, p) =>
        p.qualifications.length ? (
          <Flex vertical gap={4}>
            {p.qualifications.map((q, i) => (
              <Tooltip key={i} title={q.registrationNo ?? undefined}>
                <span>
                  <Tag color={q.current ? 'green' : 'default'}>{t(`personnel.role.${q.role}`)}</Tag>
                  <Typography.Text>{q.scheme}</Typography.Text>
                  <Typography.Text type={q.current ? 'secondary' : 'danger'} style={{ fontSize: 12 }}>
                    {' '}
                    {q.validUntil
                      ? t('personnel.valid_until', { date: q.validUntil })
                      : t('personnel.no_expiry')}
                  </Typography.Text>
                </span>
              </Tooltip>
            ))}
          </Flex>
        ) : (
          DASH
        ),
    },
    {
      title: t('personnel.field.competences'),
      key: 'competences',
      width: 130,
      render: (_, p) =>
        p.competences.length ? (
          <Space size={[0, 4]} wrap>
            {p.competences.map((c) => (
              <Tooltip key={c.code} title={c.label}>
                <Tag color="geekblue">{c.code}</Tag>
              </Tooltip>
            ))}
          </Space>
        ) : (
          DASH
        ),
    },
    {
      title: t('personnel.field.languages'),
      dataIndex: 'languages',
      width: 80,
      render: (ls: string[]) => (ls.length ? ls.join(', ') : DASH),
    },
    {
      title: t('personnel.field.home_region'),
      key: 'home',
      width: 110,
      render: (_, p) => p.homeDivision?.fullName ?? DASH,
    },
    {
      title: t('personnel.field.declarations'),
      key: 'declarations',
      width: 100,
      render: (_, p) =>
        p.declarations.length ? (
          <Tag color="orange">{t('personnel.declaration.count', { count: p.declarations.length })}</Tag>
        ) : (
          DASH
        ),
    },
    {
      title: t('personnel.field.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: PersonnelStatus) => (
        <Badge status={s === 'active' ? 'success' : 'default'} text={t(`personnel.status.${s}`)} />
      ),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(p)} data-testid={`person-edit-${p.id}`}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setDeclaring(p)} data-testid={`declare-${p.id}`}>
            {t('personnel.declaration.create')}
          </Button>
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHeader title={t('personnel.title')} subtitle={t('personnel.subtitle')} />
      <Card>
        <Flex gap="small" wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('personnel.search_placeholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) setFilter({ q: undefined });
            }}
            onSearch={(v) => setFilter({ q: v.trim() || undefined })}
            style={{ width: 260, maxWidth: '100%' }}
          />
          <Select<QualificationRole>
            allowClear
            placeholder={t('personnel.field.role')}
            value={params.role}
            onChange={(role) => setFilter({ role })}
            options={QUALIFICATION_ROLES.map((r) => ({ value: r, label: t(`personnel.role.${r}`) }))}
            style={{ width: 130 }}
          />
          <Select<PersonnelStatus>
            allowClear
            placeholder={t('personnel.field.status')}
            value={params.status}
            onChange={(status) => setFilter({ status })}
            options={PERSONNEL_STATUSES.map((s) => ({ value: s, label: t(`personnel.status.${s}`) }))}
            style={{ width: 120 }}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void queryClient.invalidateQueries({ queryKey: personnelKeys.all })}
            title={t('common.refresh')}
          />
          {canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="person-create"
            >
              {t('personnel.form.create')}
            </Button>
          ) : null}
        </Flex>
        <Table<Person>
          rowKey="id"
          columns={columns}
          dataSource={personnel.data?.items ?? []}
          loading={personnel.isFetching}
          locale={personnel.isError ? { emptyText: errorMessage(personnel.error) } : undefined}
          pagination={false}
          scroll={{ x: 1060 }}
          expandable={{
            rowExpandable: (p) => p.declarations.length > 0,
            expandedRowRender: (p) => <Declarations items={p.declarations} />,
          }}
          data-testid="personnel-table"
        />
        <KeysetPager
          page={pager.page}
          total={personnel.data?.total}
          nextCursor={personnel.data?.nextCursor}
          onNext={pager.next}
          onPrevious={pager.previous}
        />
      </Card>
      <DeclarationModal person={declaring} onClose={() => setDeclaring(null)} />
      {editing !== null ? (
        <PersonFormModal
          key={editing === 'new' ? 'new' : editing.id}
          person={editing === 'new' ? null : editing}
          open={editing !== null}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function Declarations({ items }: { items: Declaration[] }) {
  const { t } = useTranslation();
  const columns: TableProps<Declaration>['columns'] = [
    { title: t('personnel.declaration.organisation'), dataIndex: 'organisationName' },
    {
      title: t('personnel.declaration.relationship'),
      dataIndex: 'relationship',
      width: 120,
      render: (r: Relationship) => t(`personnel.relationship.${r}`),
    },
    { title: t('personnel.declaration.started_on'), dataIndex: 'startedOn', width: 120 },
    {
      title: t('personnel.declaration.ended_on'),
      dataIndex: 'endedOn',
      width: 120,
      render: (v: string | null) => v ?? <Tag color="red">{t('personnel.declaration.ongoing')}</Tag>,
    },
    { title: t('personnel.declaration.note'), dataIndex: 'note', render: (v: string | null) => v ?? DASH },
  ];
  return (
    <Table<Declaration>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={false}
      data-testid="declarations-table"
    />
  );
}

interface DeclarationValues {
  clientId?: string;
  organisationName?: string;
  relationship: Relationship;
  startedOn: Dayjs;
  endedOn?: Dayjs | null;
  note?: string;
}

function DeclarationModal({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<DeclarationValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [clientQuery, setClientQuery] = useState('');
  const clients = useQuery({
    queryKey: registryKeys.clientList({ q: clientQuery || undefined, limit: 20 }),
    queryFn: ({ signal }) => listClients({ q: clientQuery || undefined, limit: 20 }, undefined, signal),
    enabled: !!person,
  });
  const submit = async (v: DeclarationValues) => {
    if (!person) return;
    setSubmitting(true);
    setError(null);
    try {
      await addDeclaration(person.id, {
        ...(v.clientId ? { clientId: v.clientId } : { organisationName: v.organisationName?.trim() }),
        relationship: v.relationship,
        startedOn: v.startedOn.format('YYYY-MM-DD'),
        endedOn: v.endedOn ? v.endedOn.format('YYYY-MM-DD') : null,
        note: v.note?.trim() || null,
      });
      void queryClient.invalidateQueries({ queryKey: personnelKeys.all });
      void message.success(t('personnel.declaration.created'));
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };
  const clientId = Form.useWatch('clientId', form);
  return (
    <Modal
      open={!!person}
      title={t('personnel.declaration.title', { name: person?.name ?? '' })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Alert type="info" showIcon title={t('personnel.declaration.rule')} style={{ marginBottom: 16 }} />
      <Form<DeclarationValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ relationship: 'consulting' }}
        preserve={false}
      >
        <Form.Item name="clientId" label={t('personnel.declaration.client')}>
          <Select<string>
            allowClear
            showSearch={{ filterOption: false, onSearch: setClientQuery }}
            options={(clients.data?.items ?? []).map((c) => ({ value: c.id, label: c.legalNameZh }))}
          />
        </Form.Item>
        {clientId ? null : (
          <Form.Item
            name="organisationName"
            label={t('personnel.declaration.organisation')}
            extra={t('personnel.declaration.organisation_hint')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item
          name="relationship"
          label={t('personnel.declaration.relationship')}
          rules={[{ required: true }]}
        >
          <Select
            options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`personnel.relationship.${r}`) }))}
          />
        </Form.Item>
        <Flex gap="middle">
          <Form.Item
            name="startedOn"
            label={t('personnel.declaration.started_on')}
            rules={[{ required: true }]}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="endedOn" label={t('personnel.declaration.ended_on')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="note" label={t('personnel.declaration.note')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
