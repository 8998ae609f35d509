// The OpenTelemetry Resource describing this process: the detected attributes, Skein's distribution, and the
// configured service identity, which wins over everything detected.
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { TelemetryConfig } from './config/telemetry-config.js';
import type { ModuleRequire } from './optional/optional-package.js';
import { builtinAttributes, optionalResource } from './resource-detectors.js';
import { VERSION } from './version.js';

/** Builds the resource; throws a TelemetryError when a named optional detector's package is missing. */
export function createResource(config: TelemetryConfig, load?: ModuleRequire): Resource {
  const configured: Record<string, TelemetryConfig['resourceAttributes'][string]> = {
    'telemetry.distro.name': 'skein',
    'telemetry.distro.version': VERSION,
    ...config.resourceAttributes,
    'service.name': config.serviceName,
  };
  if (config.serviceVersion !== undefined) configured['service.version'] = config.serviceVersion;
  return defaultResource()
    .merge(resourceFromAttributes(builtinAttributes(config.resourceDetectors)))
    .merge(optionalResource(config.resourceDetectors, load))
    .merge(resourceFromAttributes(configured));
}
