import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../domain/access/roles.ts';
import type {
  ApiTokenCreateResponse,
  ApiTokenResponse,
} from '../../modules/api-tokens/api-tokens.contract.ts';
import { useCurrentUser } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { RoleTags, roleOptions } from '../shared/roles.tsx';
import { SecretModal } from '../shared/SecretModal.tsx';
import { apiTokensKeys, createApiToken, listApiTokens, revokeApiToken } from './api.ts';

type TokenState = 'active' | 'expired' | 'revoked';

function stateOf(token: ApiTokenResponse, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

const EXPIRY_CHOICES = [30, 90, 180, 365] as const;
const NEVER = 'never';

interface CreateValues {
  name: string;
  roles: Role[];
  expiry: number | typeof NEVER;
}

/** API tokens for integrations: acting with a subset of the creator's roles, shown once, revocable. */
export default function ApiTokensPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreateResponse | null>(null);
  const [now] = useState(() => Date.now());

  const tokens = useQuery({ queryKey: apiTokensKeys.all, queryFn: ({ signal }) => listApiTokens(signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: apiTokensKeys.all });

  const revoke = async (token: ApiTokenResponse) => {
    try {
      await revokeApiToken(token.id);
      void message.success(t('api_tokens.revoke.done', { name: token.name }));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      void refresh();
    }
  };

  const columns: TableProps<ApiTokenResponse>['columns'] = [
    {
      title: t('api_tokens.field.name'),
      dataIndex: 'name',
      render: (_, token) => (
        <>
          <Typography.Text strong>{token.name}</Typography.Text>
          <br />
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {token.prefix}…
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('api_tokens.field.roles'),
      dataIndex: 'roles',
      render: (_, token) => <RoleTags roles={token.roles} />,
    },
    {
      title: t('api_tokens.field.status'),
      key: 'status',
      width: 110,
      render: (_, token) => {
        const state = stateOf(token, now);
        return (
          <Badge
            status={state === 'active' ? 'success' : state === 'expired' ? 'warning' : 'default'}
            text={t(`api_tokens.status.${state}`)}
          />
        );
      },
    },
    {
      title: t('api_tokens.field.created_at'),
      dataIndex: 'createdAt',
      width: 170,
      render: (_, token) => formatInstant(token.createdAt),
    },
    {
      title: t('api_tokens.field.expires_at'),
      dataIndex: 'expiresAt',
      width: 170,
      render: (_, token) =>
        token.expiresAt ? formatInstant(token.expiresAt) : t('api_tokens.never_expires'),
    },
    {
      title: t('api_tokens.field.last_used_at'),
      dataIndex: 'lastUsedAt',
      width: 170,
      render: (_, token) => (token.lastUsedAt ? formatInstant(token.lastUsedAt) : t('api_tokens.never_used')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, token) =>
        token.revokedAt ? null : (
          <Popconfirm
            title={t('api_tokens.revoke.confirm', { name: token.name })}
            onConfirm={() => revoke(token)}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
          >
            <Button type="link" size="small" danger data-testid={`api-token-revoke-${token.id}`}>
              {t('api_tokens.revoke.action')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('api_tokens.title')}
        subtitle={t('api_tokens.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="api-tokens-create"
          >
            {t('api_tokens.create.action')}
          </Button>
        }
      />
      <Card>
        <Table<ApiTokenResponse>
          rowKey="id"
          columns={columns}
          dataSource={tokens.data?.items ?? []}
          loading={tokens.isFetching}
          locale={tokens.isError ? { emptyText: errorMessage(tokens.error) } : undefined}
          pagination={{ hideOnSinglePage: true, pageSize: 50 }}
          scroll={{ x: 900 }}
          data-testid="api-tokens-table"
        />
      </Card>
      <ApiTokenCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          setCreated(result);
          void refresh();
        }}
      />
      <SecretModal
        open={!!created}
        title={t('api_tokens.secret.title', { name: created?.token.name ?? '' })}
        description={t('api_tokens.secret.description')}
        secret={created?.secret ?? null}
        onClose={() => setCreated(null)}
        testId="api-token-secret"
      />
    </>
  );
}

function ApiTokenCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (result: ApiTokenCreateResponse) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: CreateValues) => {
    setError(null);
    setSubmitting(true);
    try {
      const result = await createApiToken({
        name: values.name.trim(),
        roles: values.roles,
        ...(values.expiry === NEVER ? {} : { expiresInDays: values.expiry }),
      });
      form.resetFields();
      onCreated(result);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('api_tokens.create.title')}
      okText={t('api_tokens.create.submit')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      width={560}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ roles: [], expiry: 90 }}
        preserve={false}
      >
        <Form.Item
          name="name"
          label={t('api_tokens.field.name')}
          extra={t('api_tokens.create.name_hint')}
          rules={[
            { required: true, whitespace: true, message: t('api_tokens.validation.name_required') },
            { max: 100 },
          ]}
        >
          <Input data-testid="api-token-create-name" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('api_tokens.field.roles')}
          extra={t('api_tokens.create.roles_hint')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('api_tokens.validation.roles_required') },
          ]}
        >
          <Checkbox.Group options={roleOptions(t, me.roles)} data-testid="api-token-create-roles" />
        </Form.Item>
        <Form.Item name="expiry" label={t('api_tokens.field.expiry')}>
          <Select
            options={[
              ...EXPIRY_CHOICES.map((days) => ({
                value: days,
                label: t('api_tokens.expiry_days', { count: days }),
              })),
              { value: NEVER, label: t('api_tokens.never_expires') },
            ]}
            data-testid="api-token-create-expiry"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
