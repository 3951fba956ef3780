import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PASSWORD_MIN_LENGTH as ServerMinLength } from '../../modules/auth/auth.contract.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { changePassword } from './api.ts';

/** Kept equal to the server's rule by the type. */
export const PASSWORD_MIN_LENGTH: typeof ServerMinLength = 10;

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Current password, new password twice; `POST /api/auth/password`. */
export function PasswordChangeForm({ onChanged }: { onChanged: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      await changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      await onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="password-error"
        />
      ) : null}
      <Form.Item
        name="currentPassword"
        label={t('auth.password_change.current')}
        rules={[{ required: true, message: t('auth.password_change.current_required') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.password_change.new')}
        extra={t('auth.password_change.rule', { min: PASSWORD_MIN_LENGTH })}
        rules={[
          { required: true, message: t('auth.password_change.new_required') },
          {
            min: PASSWORD_MIN_LENGTH,
            message: t('auth.password_change.too_short', { min: PASSWORD_MIN_LENGTH }),
          },
          { max: 256 },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('auth.password_change.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('auth.password_change.confirm_required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.password_change.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="password-submit">
        {t('auth.password_change.submit')}
      </Button>
    </Form>
  );
}
