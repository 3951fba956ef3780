/**
 * Errors the API answers with. Each has a stable snake_case `code` (the web renders `errors.<code>`),
 * an HTTP status and optional details. Anything else thrown becomes a bare logged 500.
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthenticated = (message = 'Sign in to continue.') =>
  new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'You do not have permission for this action.') =>
  new AppError(403, 'forbidden', message);
/** Also the answer for another tenant's record, so that existence does not leak. */
export const notFound = (what = 'Record') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);

/** The optimistic-concurrency answer: the record changed since the caller read it. */
export const versionConflict = (entity: string, currentVersion?: number) =>
  new AppError(
    409,
    'version_conflict',
    `This ${entity} was changed by someone else since you loaded it. Reload it and apply your change again.`,
    currentVersion === undefined ? undefined : { currentVersion },
  );
