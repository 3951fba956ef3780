import { useNavigate } from 'react-router';
import { Button, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchSession } from './api.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';
import { SESSION_KEY, useCurrentUser, useLogout } from './session.tsx';

/** Shown instead of every page while the user must replace a temporary password. */
export function ForcedPasswordChangePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const navigate = useNavigate();

  const onChanged = async () => {
    const session = await fetchSession();
    queryClient.setQueryData(SESSION_KEY, session);
    if (!session) void navigate('/login', { replace: true, state: { notice: 'password_changed' } });
  };

  return (
    <AuthLayout
      title={t('auth.password_change.forced_title')}
      footer={
        <Button type="link" onClick={() => void logout().then(() => navigate('/login', { replace: true }))}>
          {t('auth.logout')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" data-testid="forced-password-change">
        {t('auth.password_change.forced_hint', { name: user.displayName })}
      </Typography.Paragraph>
      <PasswordChangeForm onChanged={onChanged} />
    </AuthLayout>
  );
}
