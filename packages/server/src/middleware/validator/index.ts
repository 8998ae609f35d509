// Validates a request's params, query and body with any Standard Schema v1 validator (zod, valibot,
// arktype, ...) and replaces them with the validators' output; every rejected field is reported at once.
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context } from '../../context.js';
import type { Middleware } from '../../compose.js';
import { ValidationError, type FieldIssue, type FieldLocation } from '../../errors.js';

/** The schemas of one route; each part is optional. */
export interface RequestSchema {
  params?: StandardSchemaV1;
  query?: StandardSchemaV1;
  body?: StandardSchemaV1;
}

const LOCATIONS: readonly FieldLocation[] = ['params', 'query', 'body'];

function escapePointerToken(key: PropertyKey): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The issue's path as a JSON Pointer (RFC 6901), e.g. `/items/0/qty`. */
function toPointer(path: StandardSchemaV1.Issue['path']): string {
  if (path === undefined) return '';
  let pointer = '';
  for (const segment of path) {
    pointer += '/' + escapePointerToken(typeof segment === 'object' ? segment.key : segment);
  }
  return pointer;
}

/**
 * Validates `ctx` against `schema`: on success `ctx.params`/`query`/`body` hold the validated values,
 * otherwise it throws a ValidationError (400) listing every issue.
 */
export async function validateRequest(ctx: Context, schema: RequestSchema): Promise<void> {
  let issues: FieldIssue[] | undefined;
  for (const location of LOCATIONS) {
    const validator = schema[location];
    if (validator === undefined) continue;
    let result = validator['~standard'].validate(ctx[location]);
    if (result instanceof Promise) result = await result;
    if (result.issues === undefined) {
      ctx[location] = result.value as never;
      continue;
    }
    issues ??= [];
    for (const issue of result.issues)
      issues.push({ in: location, path: toPointer(issue.path), message: issue.message });
  }
  if (issues !== undefined) throw new ValidationError(undefined, { errors: issues });
}

/** The same validation as a middleware, for use with `app.use()` or in a route's own chain. */
export function validator(schema: RequestSchema): Middleware {
  return async (ctx, next) => {
    await validateRequest(ctx, schema);
    await next();
  };
}
