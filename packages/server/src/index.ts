// Public API of @skein/server.
export { App, createApp, type RouteRegistrar } from './app.js';
export type { AppOptions, Listening, ListenOptions, Timeouts } from './app-options.js';
export type { ContextFor, Handler, RouteOptions } from './route.js';
export { Context, type Logger, type Query, type Span } from './context.js';
export { compose, type Middleware, type Next } from './compose.js';
export {
  BodyAbortedError,
  BodyTooLargeError,
  defineError,
  HttpError,
  InternalError,
  MalformedJsonError,
  MethodNotAllowedError,
  NotFoundError,
  NotReadyError,
  UnsupportedMediaTypeError,
  ValidationError,
  type DefinedError,
  type FieldIssue,
  type FieldLocation,
  type HttpErrorOptions,
} from './errors.js';
export type { ReadinessCheck } from './health.js';
export { validateRequest, validator, type RequestSchema } from './middleware/validator/index.js';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
export type { Params, RouterOptions } from './router/router.js';
