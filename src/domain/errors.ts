/**
 * Errors raised by the pure domain core. They carry a stable snake_case `code`, the rule they enforce
 * (`ruleId`, where one applies) and machine-readable `details` such as the `path` of the offending field.
 * They know nothing of HTTP: adapters map them onto status codes and localised messages.
 */
export type DomainErrorDetails = Record<string, unknown>;

export interface DomainIssue {
  /** Stable snake_case code, e.g. `unknown_node`. */
  code: string;
  /** Where the problem is, e.g. `results[3].node`. */
  path: string;
  /** English description naming the place. */
  message: string;
  ruleId?: string;
  details?: DomainErrorDetails;
}

export class DomainError extends Error {
  readonly code: string;
  readonly ruleId: string | undefined;
  readonly details: DomainErrorDetails;

  constructor(
    code: string,
    message: string,
    options: { ruleId?: string; details?: DomainErrorDetails } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.ruleId = options.ruleId;
    this.details = options.details ?? {};
  }

  /**
   * One error for a list of issues: its code, rule and path are those of the first issue; every issue is in
   * `details.issues` so that callers can show them all at once.
   */
  static fromIssues(issues: readonly DomainIssue[], summary: string): DomainError {
    const first = issues[0];
    if (!first) throw new Error('DomainError.fromIssues needs at least one issue');
    const lines = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return new DomainError(first.code, `${summary}: ${lines}`, {
      ...(first.ruleId ? { ruleId: first.ruleId } : {}),
      details: { ...first.details, path: first.path, issues: [...issues] },
    });
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Formats a path such as `['tree', 'children', 0, 'points']` as `tree.children[0].points`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}
