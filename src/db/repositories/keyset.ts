/**
 * Keyset pagination: a page ends with a cursor holding the sort value and id of its last row; the next
 * page starts strictly after it, so pages stay fast (an index range scan) however deep the list goes.
 */
export function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id]), 'utf8').toString('base64url');
}

/** Answers the sort value and id, or undefined when the cursor is not one of ours. */
export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** Escapes LIKE wildcards; use with `escape '\\'`. */
export const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
