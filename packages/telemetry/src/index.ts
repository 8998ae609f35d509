// Public API of @skein/telemetry.
export type { HttpServerInstrumentation, RequestScope } from './http/server-contract.js';
export type { Telemetry } from './telemetry.js';
