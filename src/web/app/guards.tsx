import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../domain/access/roles.ts';
import { CurrentUserProvider, LocaleSync, useCan, useSession } from '../auth/session.tsx';
import { ForcedPasswordChangePage } from '../auth/ForcedPasswordChangePage.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { ForbiddenResult, FullPageSpin } from '../shared/Results.tsx';
import { TimeZoneContext } from '../shared/timezone-context.ts';
import { DEFAULT_TIME_ZONE } from '../shared/time.ts';

/** The signed-in part of the app: the login page when nobody is signed in, the forced password change when due. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  if (session.isPending) return <FullPageSpin />;
  if (session.isError) {
    return (
      <Result
        status="error"
        title={t('errors.server_unreachable')}
        subTitle={errorMessage(session.error)}
        extra={
          <Button type="primary" onClick={() => void session.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!session.data)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const { user } = session.data;
  return (
    <CurrentUserProvider user={user}>
      <TimeZoneContext.Provider value={user.certificationBody.timeZone || DEFAULT_TIME_ZONE}>
        <LocaleSync locale={user.locale} />
        {user.mustChangePassword ? <ForcedPasswordChangePage /> : <Outlet />}
      </TimeZoneContext.Provider>
    </CurrentUserProvider>
  );
}

/** A page for holders of one permission; others see 403 (the API would refuse them too). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  return can(permission) ? <>{children}</> : <ForbiddenResult />;
}
