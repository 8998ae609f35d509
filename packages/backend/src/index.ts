// @skein/backend: the embedded telemetry backend (OTLP receivers, durable storage, query API).
export { startBackend, type RunningBackend } from './backend.js';
export { parseDuration, parseSize, type BackendOptions } from './config.js';
export { BackendError, type ErrorCode } from './errors.js';
export { findHealth } from './health/find-health.js';
export { bridgeMcpStdio, type McpStdioBridgeOptions } from './mcp/stdio-bridge.js';
export type {
  HealthFinding,
  HealthFindingKind,
  HealthOperation,
  HealthOptions,
  HealthRange,
  HealthReport,
  HealthSeverity,
} from './health/health-report.js';
