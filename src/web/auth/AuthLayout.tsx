import type { ReactNode } from 'react';
import { Card, Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Logo } from '../app/Logo.tsx';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';

/** The centred card of the login and forced-password pages. */
export function AuthLayout({
  title,
  children,
  footer,
}: {
  title: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      style={{
        minHeight: '100vh',
        background: `linear-gradient(160deg, ${token.colorPrimaryBg} 0%, ${token.colorBgLayout} 55%)`,
      }}
    >
      <Flex justify="flex-end" style={{ padding: '16px 24px' }}>
        <LanguageSwitch />
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: '0 16px 64px' }}>
        <div style={{ width: '100%', maxWidth: 420 }}>
          <Flex vertical align="center" gap={8} style={{ marginBottom: 24 }}>
            <Logo size={56} />
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('common.app_name')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('common.tagline')}
            </Typography.Text>
          </Flex>
          <Card title={title}>{children}</Card>
          {footer ? <div style={{ marginTop: 16, textAlign: 'center' }}>{footer}</div> : null}
        </div>
      </Flex>
    </Flex>
  );
}
