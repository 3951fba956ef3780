import { lazy, Suspense } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Flex, Spin } from 'antd';
import { LoginPage } from '../auth/LoginPage.tsx';
import { HomePage } from '../home/HomePage.tsx';
import { PortalRedirect } from '../clients/PortalRedirect.tsx';
import { ProfilePage } from '../profile/ProfilePage.tsx';
import { NotFoundResult } from '../shared/Results.tsx';
import { AppShell } from './AppShell.tsx';
import { RequirePermission, RequireSession } from './guards.tsx';
import { LocaleProvider } from './LocaleProvider.tsx';
import { createQueryClient } from './query-client.ts';

const UsersPage = lazy(() => import('../users/UsersPage.tsx'));
const OrganisationsPage = lazy(() => import('../organisations/OrganisationsPage.tsx'));
const AuditPage = lazy(() => import('../audit/AuditPage.tsx'));
const ApiTokensPage = lazy(() => import('../api-tokens/ApiTokensPage.tsx'));
const SchemesPage = lazy(() => import('../schemes/SchemesPage.tsx'));
const SchemeVersionPage = lazy(() => import('../schemes/SchemeVersionPage.tsx'));
const SchemeDiffPage = lazy(() => import('../schemes/SchemeDiffPage.tsx'));
const ClientsPage = lazy(() => import('../clients/ClientsPage.tsx'));
const ClientDetailPage = lazy(() => import('../clients/ClientDetailPage.tsx'));
const PersonnelPage = lazy(() => import('../personnel/PersonnelPage.tsx'));

const queryClient = createQueryClient();

function PageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }}>
      <Spin />
    </Flex>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireSession />}>
              <Route element={<AppShell />}>
                <Route
                  index
                  element={
                    <PortalRedirect>
                      <HomePage />
                    </PortalRedirect>
                  }
                />
                <Route
                  path="users"
                  element={
                    <RequirePermission permission="users.read">
                      <Suspense fallback={<PageSpin />}>
                        <UsersPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route
                  path="organisations"
                  element={
                    <RequirePermission permission="organisations.read">
                      <Suspense fallback={<PageSpin />}>
                        <OrganisationsPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route
                  path="audit"
                  element={
                    <RequirePermission permission="audit.read">
                      <Suspense fallback={<PageSpin />}>
                        <AuditPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route
                  path="tokens"
                  element={
                    <RequirePermission permission="apiTokens.manage">
                      <Suspense fallback={<PageSpin />}>
                        <ApiTokensPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route path="schemes">
                  <Route
                    index
                    element={
                      <RequirePermission permission="schemes.read">
                        <Suspense fallback={<PageSpin />}>
                          <SchemesPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id"
                    element={
                      <RequirePermission permission="schemes.read">
                        <Suspense fallback={<PageSpin />}>
                          <SchemeVersionPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id/diff"
                    element={
                      <RequirePermission permission="schemes.read">
                        <Suspense fallback={<PageSpin />}>
                          <SchemeDiffPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                </Route>
                <Route path="clients">
                  <Route
                    index
                    element={
                      <RequirePermission permission="clients.read">
                        <Suspense fallback={<PageSpin />}>
                          <ClientsPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id"
                    element={
                      <RequirePermission permission="clients.read">
                        <Suspense fallback={<PageSpin />}>
                          <ClientDetailPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                </Route>
                <Route
                  path="personnel"
                  element={
                    <RequirePermission permission="personnel.read">
                      <Suspense fallback={<PageSpin />}>
                        <PersonnelPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route path="profile" element={<ProfilePage />} />
                <Route path="*" element={<NotFoundResult />} />
              </Route>
            </Route>
          </Routes>
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  );
}
