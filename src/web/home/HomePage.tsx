import { Link } from 'react-router';
import { Card, Col, Descriptions, Flex, Row, Typography, theme } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { NAV_ITEMS } from '../app/navigation.tsx';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { organisationKindLabel, RoleTags } from '../shared/roles.tsx';
import { WorkQueue } from '../evaluations/WorkQueue.tsx';

/** The landing page: who you are, where you belong, and what you can do from here. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const can = useCan();
  const { token } = theme.useToken();
  const shortcuts = NAV_ITEMS.filter(
    (item) => item.key !== 'home' && (!item.permission || can(item.permission)),
  );

  return (
    <Flex vertical gap="large">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-welcome">
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('home.subtitle')}</Typography.Text>
      </div>

      <WorkQueue />

      <Card title={t('home.account')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="middle">
          <Descriptions.Item label={t('home.organisation')}>
            {t('common.name_with_kind', {
              name: user.organisation.name,
              kind: organisationKindLabel(t, user.organisation.kind),
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.certification_body')}>
            {user.certificationBody.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.email')}>{user.email}</Descriptions.Item>
          <Descriptions.Item label={t('home.time_zone')}>{user.certificationBody.timeZone}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')} span={2}>
            <RoleTags roles={user.roles} />
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <div>
        <Typography.Title level={5}>{t('home.shortcuts')}</Typography.Title>
        <Row gutter={[16, 16]}>
          {shortcuts.map((item) => (
            <Col key={item.key} xs={24} sm={12} lg={8} xl={6}>
              <Link to={item.path} data-testid={`home-shortcut-${item.key}`}>
                <Card hoverable size="small" style={{ height: '100%' }}>
                  <Flex align="flex-start" gap={12}>
                    <span style={{ fontSize: 22, color: token.colorPrimary, lineHeight: 1 }}>
                      {item.icon}
                    </span>
                    <Flex vertical flex={1} style={{ minWidth: 0 }}>
                      <Typography.Text strong>{t(item.label)}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                        {t(`home.shortcut_hint.${item.key.replace('-', '_')}`)}
                      </Typography.Text>
                    </Flex>
                    <RightOutlined style={{ color: token.colorTextTertiary, marginTop: 4 }} />
                  </Flex>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </div>
    </Flex>
  );
}
