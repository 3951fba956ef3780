/** Paths of the scheme pages (see src/web/app/App.tsx). */
export const SCHEMES_PATH = '/schemes';

export const schemePath = (id: string) => `${SCHEMES_PATH}/${encodeURIComponent(id)}`;

/** The diff page: what changed from `against` to `id`. */
export const diffPath = (id: string, against: string) =>
  `${schemePath(id)}/diff?against=${encodeURIComponent(against)}`;
