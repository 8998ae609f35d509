// The OpenTelemetry Resource describing this process: service identity, host and runtime.
import { randomUUID } from 'node:crypto';
import { arch, hostname, type } from 'node:os';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { TelemetryConfig } from './config/telemetry-config.js';

/** Node's `os.arch()` names mapped to the semconv `host.arch` values. */
const HOST_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ia32: 'x86',
  arm: 'arm32',
  ppc64: 'ppc64',
  s390x: 's390x',
};

/** Builds the resource; explicit configuration wins over detected values. */
export function createResource(config: TelemetryConfig): Resource {
  const detected: Record<string, string | number> = {
    'service.instance.id': randomUUID(),
    'host.name': hostname(),
    'host.arch': HOST_ARCH[arch()] ?? arch(),
    'os.type': type().toLowerCase(),
    'process.pid': process.pid,
    'process.executable.name': 'node',
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'process.runtime.description': 'Node.js',
  };
  const configured: Record<string, string> = {
    ...config.resourceAttributes,
    'service.name': config.serviceName,
  };
  if (config.serviceVersion !== undefined) configured['service.version'] = config.serviceVersion;
  return defaultResource().merge(resourceFromAttributes({ ...detected, ...configured }));
}
