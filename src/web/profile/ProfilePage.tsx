import { App as AntApp, Card, Col, Descriptions, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { PasswordChangeForm } from '../auth/PasswordChangeForm.tsx';
import { useCurrentUser } from '../auth/session.tsx';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';
import { PageHeader } from '../shared/PageHeader.tsx';
import { organisationKindLabel, RoleTags } from '../shared/roles.tsx';

/** The signed-in user's own account: details, language, password. */
export function ProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { message } = AntApp.useApp();
  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={t('profile.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('profile.details')} style={{ marginBottom: 16 }}>
            <Descriptions column={1}>
              <Descriptions.Item label={t('users.field.display_name')}>{user.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('users.field.email')}>{user.email}</Descriptions.Item>
              <Descriptions.Item label={t('users.field.organisation')}>
                {t('common.name_with_kind', {
                  name: user.organisation.name,
                  kind: organisationKindLabel(t, user.organisation.kind),
                })}
              </Descriptions.Item>
              <Descriptions.Item label={t('users.field.roles')}>
                <RoleTags roles={user.roles} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('profile.language')}>
            <p style={{ marginTop: 0 }}>{t('profile.language_hint')}</p>
            <LanguageSwitch />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('profile.change_password')}>
            <PasswordChangeForm onChanged={() => void message.success(t('profile.password_changed'))} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
