import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrganisationKind, Role } from '../../domain/access/roles.ts';
import { ROLES_BY_ORGANISATION_KIND } from '../../domain/access/roles.ts';
import type { OrganisationResponse } from '../../modules/organisations/organisations.contract.ts';
import type { UserCreateResponse, UserResponse } from '../../modules/users/users.contract.ts';
import { isApiError } from '../api/client.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/PasswordChangeForm.tsx';
import { useCurrentUser } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { organisationKindLabel, roleOptions } from '../shared/roles.tsx';
import { createUser, getUser, updateUser } from './api.ts';

interface CreateValues {
  email: string;
  displayName: string;
  organisationId?: string;
  roles: Role[];
  password?: string;
}

/**
 * Create a user. The organisation select (the certification body and its clients) appears only for
 * holders of organisations.read; the roles offered are those allowed for the chosen organisation's kind.
 */
export function UserCreateModal({
  open,
  organisations,
  onClose,
  onCreated,
}: {
  open: boolean;
  /** Organisations the caller may choose from; empty when the caller cannot read organisations. */
  organisations: readonly OrganisationResponse[];
  onClose: () => void;
  onCreated: (result: UserCreateResponse) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const organisationId = Form.useWatch('organisationId', form);

  const kind: OrganisationKind =
    organisations.find((o) => o.id === organisationId)?.kind ?? me.organisation.kind;
  const allowedRoles = ROLES_BY_ORGANISATION_KIND[kind];

  useEffect(() => {
    const roles = (form.getFieldValue('roles') as Role[] | undefined) ?? [];
    const kept = roles.filter((r) => allowedRoles.includes(r));
    if (kept.length !== roles.length) form.setFieldValue('roles', kept);
  }, [allowedRoles, form]);

  const organisationOptions = useMemo(
    () =>
      [...organisations]
        .sort((a, b) =>
          a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'certificationBody' ? -1 : 1,
        )
        .map((o) => ({ value: o.id, label: `${o.name} · ${organisationKindLabel(t, o.kind)}` })),
    [organisations, t],
  );

  const submit = async (values: CreateValues) => {
    setError(null);
    setSubmitting(true);
    try {
      const result = await createUser({
        email: values.email.trim(),
        displayName: values.displayName.trim(),
        roles: values.roles,
        ...(values.organisationId && values.organisationId !== me.organisation.id
          ? { organisationId: values.organisationId }
          : {}),
        ...(values.password ? { password: values.password } : {}),
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
      title={t('users.create.title')}
      okText={t('users.create.submit')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      width={560}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="user-create-error"
        />
      ) : null}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ organisationId: me.organisation.id, roles: [] }}
        data-testid="user-create-form"
        preserve={false}
      >
        <Form.Item
          name="email"
          label={t('users.field.email')}
          rules={[
            { required: true, message: t('users.validation.email_required') },
            { type: 'email', message: t('users.validation.email_invalid') },
            { max: 254 },
          ]}
        >
          <Input autoComplete="off" data-testid="user-create-email" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.field.display_name')}
          rules={[
            { required: true, whitespace: true, message: t('users.validation.name_required') },
            { max: 100 },
          ]}
        >
          <Input autoComplete="off" data-testid="user-create-name" />
        </Form.Item>
        {organisations.length > 0 ? (
          <Form.Item name="organisationId" label={t('users.field.organisation')} rules={[{ required: true }]}>
            <Select
              options={organisationOptions}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="user-create-organisation"
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="roles"
          label={t('users.field.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.validation.roles_required') }]}
        >
          <Checkbox.Group options={roleOptions(t, allowedRoles)} data-testid="user-create-roles" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.field.initial_password')}
          extra={t('users.create.password_hint', { min: PASSWORD_MIN_LENGTH })}
          rules={[
            {
              min: PASSWORD_MIN_LENGTH,
              message: t('auth.password_change.too_short', { min: PASSWORD_MIN_LENGTH }),
            },
            { max: 256 },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-create-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  displayName: string;
  roles: Role[];
}

/**
 * Edit a user's name and roles. The edit names the version it was based on; when someone else saved
 * first (409 version_conflict) the latest version is loaded into the form and the user is told.
 */
export function UserEditModal({
  user,
  onClose,
  onSaved,
  onConflict,
}: {
  user: UserResponse | null;
  onClose: () => void;
  onSaved: (user: UserResponse) => void;
  /** Someone else saved first: the list behind the modal is stale too. */
  onConflict?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<EditValues>();
  const [current, setCurrent] = useState<UserResponse | null>(user);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    setCurrent(user);
    setError(null);
    setConflict(false);
    if (user) form.setFieldsValue({ displayName: user.displayName, roles: user.roles });
  }, [user, form]);

  const submit = async (values: EditValues) => {
    if (!current) return;
    setError(null);
    setSubmitting(true);
    try {
      const saved = await updateUser(current.id, {
        displayName: values.displayName.trim(),
        roles: values.roles,
        version: current.version,
      });
      setConflict(false);
      onSaved(saved);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) {
        void message.warning(t('errors.version_conflict'));
        onConflict?.();
        try {
          const fresh = await getUser(current.id);
          setCurrent(fresh);
          form.setFieldsValue({ displayName: fresh.displayName, roles: fresh.roles });
          setConflict(true);
        } catch (reloadError) {
          setError(errorMessage(reloadError));
        }
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const allowedRoles = current ? ROLES_BY_ORGANISATION_KIND[current.organisationKind] : [];

  return (
    <Modal
      open={!!user}
      title={t('users.edit.title')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      width={560}
      forceRender
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          title={t('users.edit.conflict_reloaded')}
          style={{ marginBottom: 16 }}
          data-testid="user-edit-conflict"
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        data-testid="user-edit-form"
      >
        <Form.Item label={t('users.field.email')}>
          <Input value={current?.email ?? ''} disabled />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.field.display_name')}
          rules={[
            { required: true, whitespace: true, message: t('users.validation.name_required') },
            { max: 100 },
          ]}
        >
          <Input data-testid="user-edit-name" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.field.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.validation.roles_required') }]}
        >
          <Checkbox.Group options={roleOptions(t, allowedRoles)} data-testid="user-edit-roles" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
