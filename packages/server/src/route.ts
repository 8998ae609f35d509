// A route: its handler, schema and body settings, the step that runs it (body → validation → handler →
// response), and the answers for requests no route matched.
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context, Query } from './context.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './body/json.js';
import { MethodNotAllowedError, NotFoundError } from './errors.js';
import { validateRequest, type RequestSchema } from './middleware/validator/index.js';
import type { Params } from './router/router.js';

/** Handles a matched request: return a value to send it as JSON, or answer with the ctx helpers. */
export type Handler<C = Context> = (ctx: C) => unknown;

/** The output type of the validator at `S[K]`, or `Fallback` when the schema has none there. */
type Output<S, K extends keyof RequestSchema, Fallback> = S extends { [P in K]: infer V }
  ? V extends StandardSchemaV1
    ? StandardSchemaV1.InferOutput<V>
    : Fallback
  : Fallback;

/** The context of a route with schema `S`: params, query and body typed by the validators' output. */
export type ContextFor<S extends RequestSchema> = Context<
  Output<S, 'params', Params>,
  Output<S, 'query', Query>,
  Output<S, 'body', unknown>
>;

export interface RouteOptions<S extends RequestSchema = RequestSchema> {
  /** Standard Schema v1 validators for params, query and body: a mismatch answers 400 listing each field. */
  schema?: S;
  /** Largest accepted JSON body in bytes (default: the app's `bodyLimit`). */
  bodyLimit?: number;
}

export interface Route {
  readonly template: string;
  readonly handler: Handler;
  readonly schema: RequestSchema | undefined;
  readonly parseBody: boolean;
  readonly bodyLimit: number;
  /** False for the probes: no user middleware runs around them. */
  readonly scoped: boolean;
  /** The route alone, without middleware. */
  readonly final: (ctx: Context) => Promise<void>;
  /** The route inside the middleware that covers it (rebuilt when middleware is added). */
  run: (ctx: Context) => Promise<void>;
  /** No middleware, body or schema: the handler can be called directly, without any promise when it is sync. */
  direct: boolean;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createRoute(
  method: string,
  template: string,
  options: RouteOptions,
  handler: Handler,
  appBodyLimit: number | undefined,
  scoped: boolean,
): Route {
  const final = (ctx: Context): Promise<void> => runRoute(ctx, route);
  const route: Route = {
    template,
    handler,
    schema: options.schema,
    parseBody: BODY_METHODS.has(method),
    bodyLimit: options.bodyLimit ?? appBodyLimit ?? DEFAULT_BODY_LIMIT,
    scoped,
    final,
    run: final,
    direct: false,
  };
  return route;
}

async function runRoute(ctx: Context, route: Route): Promise<void> {
  if (route.parseBody) ctx.body = await readJsonBody(ctx.req, route.bodyLimit);
  if (route.schema !== undefined) await validateRequest(ctx, route.schema);
  let result = route.handler(ctx);
  if (result instanceof Promise) result = await result;
  respond(ctx, result);
}

/** Sends what a handler returned, unless it answered itself: JSON, or 204 for undefined. */
export function respond(ctx: Context, result: unknown): void {
  if (ctx.sent) return;
  if (result === undefined) ctx.empty();
  else ctx.json(result);
}

/** Answers a request no route matched: 404, 405 with `Allow`, or 204 with `Allow` for OPTIONS. */
export function answerUnmatched(ctx: Context, allowed: string): void {
  if (allowed === '') throw new NotFoundError();
  if (ctx.req.method === 'OPTIONS') {
    ctx.header('allow', allowed).empty(204);
    return;
  }
  throw new MethodNotAllowedError(`${ctx.req.method} is not allowed here; use one of ${allowed}.`, {
    headers: { allow: allowed },
  });
}
