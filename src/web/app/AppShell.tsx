import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Dropdown, Flex, Layout, Menu, Tag, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import { ApartmentOutlined, DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan, useCurrentUser, useLogout } from '../auth/session.tsx';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';
import { organisationKindLabel } from '../shared/roles.tsx';
import { Logo } from './Logo.tsx';
import { NAV_ITEMS, navKeyOf } from './navigation.tsx';

const { Header, Sider, Content } = Layout;

/** The frame of every signed-in page: side menu by permission, header with user, language and logout. */
export function AppShell() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const can = useCan();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();

  const menuItems: MenuProps['items'] = NAV_ITEMS.filter(
    (item) => !item.permission || can(item.permission),
  ).map((item) => ({
    key: item.key,
    icon: item.icon,
    label: (
      <Link to={item.path} data-testid={`nav-${item.key}`}>
        {t(item.label)}
      </Link>
    ),
  }));

  const userMenu: MenuProps['items'] = [
    {
      key: 'profile',
      icon: <UserOutlined />,
      label: <span data-testid="user-menu-profile">{t('nav.profile')}</span>,
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="logout">{t('auth.logout')}</span>,
    },
  ];

  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') void navigate('/profile');
    if (key === 'logout') {
      void logout().then(() => navigate('/login', { replace: true, state: { notice: 'signed_out' } }));
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={216}
        theme="light"
        style={{
          borderRight: `1px solid ${token.colorBorderSecondary}`,
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
        }}
        data-testid="side-nav"
      >
        <Link to="/" style={{ display: 'block' }}>
          <Flex align="center" gap={10} style={{ height: 64, padding: collapsed ? '0 24px' : '0 20px' }}>
            <Logo size={28} />
            {collapsed ? null : (
              <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
                {t('common.app_name')}
              </Typography.Text>
            )}
          </Flex>
        </Link>
        <Menu
          mode="inline"
          selectedKeys={[navKeyOf(location.pathname)]}
          items={menuItems}
          style={{ borderInlineEnd: 'none' }}
          data-testid="nav-menu"
        />
      </Sider>
      <Layout>
        <Header
          className="app-header"
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: '0 24px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap="middle" style={{ height: '100%' }}>
            <Flex
              align="center"
              gap="small"
              style={{ minWidth: 0, flex: '1 1 auto' }}
              data-testid="header-organisation"
            >
              <ApartmentOutlined style={{ color: token.colorTextSecondary }} />
              <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                {user.organisation.name}
              </Typography.Text>
              <Tag variant="filled" className="app-header-kind">
                {organisationKindLabel(t, user.organisation.kind)}
              </Tag>
            </Flex>
            <Flex align="center" gap="middle" className="app-header-tools" style={{ flex: 'none' }}>
              <LanguageSwitch size="small" />
              <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']}>
                <a
                  onClick={(e) => e.preventDefault()}
                  data-testid="user-menu"
                  style={{ color: token.colorText, whiteSpace: 'nowrap' }}
                >
                  <Flex align="center" gap={8}>
                    <Avatar size="small" style={{ background: token.colorPrimary }}>
                      {user.displayName.slice(0, 1).toUpperCase()}
                    </Avatar>
                    <span data-testid="user-name" className="app-header-user-name">
                      {user.displayName}
                    </span>
                    <DownOutlined style={{ fontSize: 10 }} />
                  </Flex>
                </a>
              </Dropdown>
            </Flex>
          </Flex>
        </Header>
        <Content className="app-content" style={{ padding: 24 }}>
          <div style={{ maxWidth: 1400, margin: '0 auto' }}>
            <Outlet />
          </div>
        </Content>
      </Layout>
    </Layout>
  );
}
