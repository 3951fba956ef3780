import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';
import { SESSION_KEY } from '../auth/session.tsx';

/**
 * One query client for the app. A request answered 401 `unauthenticated` (the session expired or was
 * revoked) signs the browser out, which sends the user back to the login page.
 */
export function createQueryClient(): QueryClient {
  let client: QueryClient | null = null;
  const onError = (error: unknown) => {
    if (client && isApiError(error, 'unauthenticated')) client.setQueryData(SESSION_KEY, null);
  };
  client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        staleTime: 10_000,
        retry: (failureCount, error) =>
          failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}
