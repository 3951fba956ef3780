import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { clientPath } from './paths.ts';

/**
 * The client portal: a client's users (clientAdmin, clientUser) see only their own client, so the
 * landing page takes them straight to it. Everyone else sees `children`.
 */
export function PortalRedirect({ children }: { children: ReactNode }) {
  const me = useCurrentUser();
  const can = useCan();
  if (me.organisation.kind === 'client' && can('clients.read')) {
    return <Navigate to={clientPath(me.organisation.id)} replace />;
  }
  return <>{children}</>;
}
