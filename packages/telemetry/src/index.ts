export type { HttpServerInstrumentation, RequestScope } from './http/server-contract.js';
