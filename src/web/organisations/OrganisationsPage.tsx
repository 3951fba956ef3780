import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Select, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrganisationResponse } from '../../modules/organisations/organisations.contract.ts';
import { isApiError } from '../api/client.ts';
import { SESSION_KEY, useCan, useCurrentUser } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { organisationKindLabel } from '../shared/roles.tsx';
import { timeZones } from '../shared/time.ts';
import { createOrganisation, listOrganisations, organisationsKeys, updateOrganisation } from './api.ts';

interface CreateValues {
  name: string;
}
interface EditValues {
  name: string;
  timeZone?: string;
}

/** The certification body and its client organisations. */
export default function OrganisationsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const canManage = can('organisations.manage');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<OrganisationResponse | null>(null);

  const organisations = useQuery({
    queryKey: organisationsKeys.all,
    queryFn: ({ signal }) => listOrganisations(signal),
  });
  const items = useMemo(
    () =>
      [...(organisations.data?.items ?? [])].sort((a, b) =>
        a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'certificationBody' ? -1 : 1,
      ),
    [organisations.data],
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: organisationsKeys.all });

  const columns: TableProps<OrganisationResponse>['columns'] = [
    { title: t('organisations.field.name'), dataIndex: 'name' },
    {
      title: t('organisations.field.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (_, o) => (
        <Tag color={o.kind === 'certificationBody' ? 'red' : 'blue'}>{organisationKindLabel(t, o.kind)}</Tag>
      ),
    },
    { title: t('organisations.field.time_zone'), dataIndex: 'timeZone', width: 180 },
    {
      title: t('organisations.field.created_at'),
      dataIndex: 'createdAt',
      width: 180,
      render: (_, o) => formatInstant(o.createdAt),
    },
    {
      title: t('organisations.field.updated_at'),
      dataIndex: 'updatedAt',
      width: 180,
      render: (_, o) => formatInstant(o.updatedAt),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, o) => (
        <Button
          type="link"
          size="small"
          onClick={() => setEditing(o)}
          data-testid={`organisation-edit-${o.id}`}
        >
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('organisations.title')}
        subtitle={t('organisations.subtitle')}
        extra={
          canManage && me.organisation.kind === 'certificationBody' ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="organisations-create"
            >
              {t('organisations.create.action')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Table<OrganisationResponse>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={organisations.isFetching}
          locale={organisations.isError ? { emptyText: errorMessage(organisations.error) } : undefined}
          pagination={{ hideOnSinglePage: true, pageSize: 50 }}
          scroll={{ x: 800 }}
          data-testid="organisations-table"
        />
      </Card>
      <OrganisationCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(o) => {
          setCreating(false);
          void refresh();
          void message.success(t('organisations.create.done', { name: o.name }));
        }}
      />
      <OrganisationEditModal
        organisation={editing}
        onClose={() => setEditing(null)}
        onSaved={(o) => {
          setEditing(null);
          void refresh();
          void message.success(t('organisations.edit.done', { name: o.name }));
          // The certification body's time zone is how every time is shown: reload the session.
          if (o.id === me.certificationBody.id || o.id === me.organisation.id)
            void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
        }}
        onConflict={() => {
          setEditing(null);
          void refresh();
          void message.warning(t('errors.version_conflict'));
        }}
      />
    </>
  );
}

function OrganisationCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (organisation: OrganisationResponse) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: CreateValues) => {
    setError(null);
    setSubmitting(true);
    try {
      const created = await createOrganisation({ name: values.name.trim() });
      form.resetFields();
      onCreated(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('organisations.create.title')}
      okText={t('organisations.create.submit')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<CreateValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
        <Form.Item
          name="name"
          label={t('organisations.field.name')}
          extra={t('organisations.create.hint')}
          rules={[
            { required: true, whitespace: true, message: t('organisations.validation.name_required') },
            { max: 200 },
          ]}
        >
          <Input data-testid="organisation-create-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OrganisationEditModal({
  organisation,
  onClose,
  onSaved,
  onConflict,
}: {
  organisation: OrganisationResponse | null;
  onClose: () => void;
  onSaved: (organisation: OrganisationResponse) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const zoneOptions = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  const isCb = organisation?.kind === 'certificationBody';

  useEffect(() => {
    setError(null);
    if (organisation) form.setFieldsValue({ name: organisation.name, timeZone: organisation.timeZone });
  }, [organisation, form]);

  const submit = async (values: EditValues) => {
    if (!organisation) return;
    setError(null);
    setSubmitting(true);
    try {
      const saved = await updateOrganisation(organisation.id, {
        name: values.name.trim(),
        ...(isCb && values.timeZone ? { timeZone: values.timeZone } : {}),
        version: organisation.version,
      });
      onSaved(saved);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) onConflict();
      else setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={!!organisation}
      title={t('organisations.edit.title')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      forceRender
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<EditValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="name"
          label={t('organisations.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('organisations.validation.name_required') },
            { max: 200 },
          ]}
        >
          <Input data-testid="organisation-edit-name" />
        </Form.Item>
        {isCb ? (
          <Form.Item
            name="timeZone"
            label={t('organisations.field.time_zone')}
            extra={t('organisations.edit.time_zone_hint')}
            rules={[{ required: true }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={zoneOptions}
              data-testid="organisation-edit-time-zone"
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
