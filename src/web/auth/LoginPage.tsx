import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LoginBody } from '../../modules/auth/auth.contract.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { FullPageSpin } from '../shared/Results.tsx';
import { login } from './api.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { useAcceptSession, useSession } from './session.tsx';

interface LocationState {
  from?: string;
  notice?: string;
}

/** Where to go after signing in: back to the page that asked, never to another site or the login page. */
function safeTarget(from: string | undefined): string {
  if (!from || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/login')) return '/';
  return from;
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const acceptSession = useAcceptSession();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LocationState;
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (session.isPending) return <FullPageSpin />;
  if (session.data) return <Navigate to={safeTarget(state.from)} replace />;

  const submit = async (values: LoginBody) => {
    setError(null);
    setSubmitting(true);
    try {
      const next = await login({ email: values.email.trim(), password: values.password });
      acceptSession(next);
      void navigate(safeTarget(state.from), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthLayout title={t('auth.login.title')}>
      {state.notice && !error ? (
        <Alert
          type="success"
          showIcon
          title={t(`auth.notice.${state.notice}`)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
      ) : null}
      <Form<LoginBody>
        layout="vertical"
        onFinish={(v) => void submit(v)}
        requiredMark={false}
        data-testid="login-form"
        size="large"
      >
        <Form.Item
          name="email"
          label={t('auth.login.email')}
          rules={[
            { required: true, message: t('auth.login.email_required') },
            { type: 'email', message: t('auth.login.email_invalid') },
          ]}
        >
          <Input
            prefix={<MailOutlined />}
            autoComplete="username"
            autoFocus
            inputMode="email"
            placeholder="name@example.com"
            data-testid="login-email"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.login.password')}
          rules={[{ required: true, message: t('auth.login.password_required') }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
          {t('auth.login.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
