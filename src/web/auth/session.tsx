import { createContext, useCallback, useContext, useEffect } from 'react';
import type { ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import type { CurrentUser, SessionResponse } from '../../modules/auth/auth.contract.ts';
import type { Locale } from '../../modules/common/common.contract.ts';
import type { Permission } from '../../domain/access/roles.ts';
import { applyLocale, currentLocale } from '../i18n/index.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { fetchSession, logout, updatePreferences } from './api.ts';

export const SESSION_KEY = ['session'] as const;

/** The session of this browser: `null` when nobody is signed in. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

const CurrentUserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The signed-in user; only inside the authenticated part of the app. */
export function useCurrentUser(): CurrentUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser outside of a signed-in page');
  return user;
}

export function userCan(user: CurrentUser | null | undefined, permission: Permission): boolean {
  return !!user && user.permissions.includes(permission);
}

/** `can('users.manage')`: the permissions the server computed for the signed-in user. */
export function useCan(): (permission: Permission) => boolean {
  const user = useContext(CurrentUserContext);
  return useCallback((permission: Permission) => userCan(user, permission), [user]);
}

/** Store a fresh session (after login or a preference change) and apply the user's language. */
export function useAcceptSession(): (session: SessionResponse) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (session: SessionResponse) => {
      queryClient.setQueryData(SESSION_KEY, session);
      void applyLocale(session.user.locale);
    },
    [queryClient],
  );
}

/** Keep the interface language equal to the signed-in user's stored preference. */
export function LocaleSync({ locale }: { locale: Locale }) {
  useEffect(() => {
    void applyLocale(locale);
  }, [locale]);
  return null;
}

export function useLogout(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      await logout();
    } catch {
      // Signed out locally whatever the server said (an expired session is already gone).
    }
    queryClient.setQueryData(SESSION_KEY, null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  }, [queryClient]);
}

/**
 * Switch the language. Signed in, the choice is remembered on the server for this user
 * (`PUT /api/auth/preferences`); before sign-in, in this browser only.
 */
export function useSwitchLocale(): (locale: Locale) => Promise<void> {
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  return useCallback(
    async (locale: Locale) => {
      const previous = currentLocale();
      await applyLocale(locale);
      const session = queryClient.getQueryData<SessionResponse | null>(SESSION_KEY);
      if (!session) return;
      try {
        const updated = await updatePreferences({ locale });
        queryClient.setQueryData(SESSION_KEY, updated);
      } catch (error) {
        await applyLocale(previous);
        void message.error(errorMessage(error));
      }
    },
    [queryClient, message, errorMessage],
  );
}
