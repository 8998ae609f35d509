// Test support for Skein's suites. Test-only: no published package depends on it.
export { freePort } from './free-port.js';
export { systemDependency, type SystemDependency } from './system-dependency.js';
export { startProcess, type RunningProcess, type StartProcessOptions } from './process.js';
export { waitFor } from './wait-for.js';
export { startBackendProcess, type BackendPorts, type BackendProcessOptions } from './backend-process.js';
