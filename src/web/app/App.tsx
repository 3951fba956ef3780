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
const ApplicationsPage = lazy(() => import('../applications/ApplicationsPage.tsx'));
const ApplicationDetailPage = lazy(() => import('../applications/ApplicationDetailPage.tsx'));
const ProgrammesPage = lazy(() => import('../programmes/ProgrammesPage.tsx'));
const ProgrammeDetailPage = lazy(() => import('../programmes/ProgrammeDetailPage.tsx'));
const EvaluationsPage = lazy(() => import('../evaluations/EvaluationsPage.tsx'));
const EvaluationDetailPage = lazy(() => import('../evaluations/EvaluationDetailPage.tsx'));
const FindingsPage = lazy(() => import('../findings/FindingsPage.tsx'));
const CertificatesPage = lazy(() => import('../certificates/CertificatesPage.tsx'));
const CertificateDetailPage = lazy(() => import('../certificates/CertificateDetailPage.tsx'));
const MyVisitsPage = lazy(() => import('../mystery-visits/MyVisitsPage.tsx'));
const VisitCapturePage = lazy(() => import('../mystery-visits/VisitCapturePage.tsx'));
const MysteryVisitsPage = lazy(() => import('../mystery-visits/MysteryVisitsPage.tsx'));
const SurveysPage = lazy(() => import('../surveys/SurveysPage.tsx'));
const InterviewPage = lazy(() => import('../surveys/InterviewPage.tsx'));

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
                <Route path="applications">
                  <Route
                    index
                    element={
                      <RequirePermission permission="applications.read">
                        <Suspense fallback={<PageSpin />}>
                          <ApplicationsPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id"
                    element={
                      <RequirePermission permission="applications.read">
                        <Suspense fallback={<PageSpin />}>
                          <ApplicationDetailPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                </Route>
                <Route path="programmes">
                  <Route
                    index
                    element={
                      <RequirePermission permission="programmes.read">
                        <Suspense fallback={<PageSpin />}>
                          <ProgrammesPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id"
                    element={
                      <RequirePermission permission="programmes.read">
                        <Suspense fallback={<PageSpin />}>
                          <ProgrammeDetailPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                </Route>
                <Route path="evaluations">
                  <Route
                    index
                    element={
                      <RequirePermission permission="evaluations.read">
                        <Suspense fallback={<PageSpin />}>
                          <EvaluationsPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id"
                    element={
                      <RequirePermission permission="evaluations.read">
                        <Suspense fallback={<PageSpin />}>
                          <EvaluationDetailPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                </Route>
                <Route
                  path="findings"
                  element={
                    <RequirePermission permission="findings.read">
                      <Suspense fallback={<PageSpin />}>
                        <FindingsPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route path="certificates">
                  <Route
                    index
                    element={
                      <RequirePermission permission="certificates.read">
                        <Suspense fallback={<PageSpin />}>
                          <CertificatesPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id"
                    element={
                      <RequirePermission permission="certificates.read">
                        <Suspense fallback={<PageSpin />}>
                          <CertificateDetailPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                </Route>
                <Route path="my-visits">
                  <Route
                    index
                    element={
                      <RequirePermission permission="mysteryVisits.conduct">
                        <Suspense fallback={<PageSpin />}>
                          <MyVisitsPage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                  <Route
                    path=":id"
                    element={
                      <RequirePermission permission="mysteryVisits.conduct">
                        <Suspense fallback={<PageSpin />}>
                          <VisitCapturePage />
                        </Suspense>
                      </RequirePermission>
                    }
                  />
                </Route>
                <Route
                  path="mystery-visits"
                  element={
                    <RequirePermission permission="mysteryVisits.read">
                      <Suspense fallback={<PageSpin />}>
                        <MysteryVisitsPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route
                  path="surveys"
                  element={
                    <RequirePermission permission="surveys.read">
                      <Suspense fallback={<PageSpin />}>
                        <SurveysPage />
                      </Suspense>
                    </RequirePermission>
                  }
                />
                <Route
                  path="phone-survey"
                  element={
                    <RequirePermission permission="surveys.interview">
                      <Suspense fallback={<PageSpin />}>
                        <InterviewPage />
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
