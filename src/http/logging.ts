import type { FastifyServerOptions } from 'fastify';

/**
 * Structured JSON logs with request ids. Secrets and personal data never reach them: credentials,
 * cookies and tokens are redacted wherever they appear, and the request serializer logs only the
 * method, the path without its query string (queries may carry names or phone numbers) and the id.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  // Silent: Fastify's null logger, so no child logger is built per request only to discard its lines.
  if (level === 'silent') return false;
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.temporaryPassword',
        '*.secret',
        '*.token',
        '*.idNumber',
        '*.phone',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        requestId: req.id,
      }),
    },
  };
}
