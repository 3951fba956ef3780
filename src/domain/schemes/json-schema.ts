/** JSON Schema export of the package and overlay formats (published beside the built-in packages). */
import { z } from 'zod';
import { BodyOverlaySchema } from './overlay.ts';
import { SchemePackageSchema } from './package-schema.ts';

export function schemePackageJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SchemePackageSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

export function bodyOverlayJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(BodyOverlaySchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
