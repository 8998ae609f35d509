// The resource detectors OTEL_NODE_RESOURCE_DETECTORS names. The built-in ones are synchronous and read only this
// process and host (never the command line, which may hold secrets); `container` and the cloud detectors come
// from the official optional packages and may finish asynchronously (exporters wait for their attributes).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, hostname, release, type } from 'node:os';
import type { AttributeValue } from '@opentelemetry/api';
import {
  detectResources,
  emptyResource,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import { DETECTOR_PACKAGES } from './config/resolve-lists.js';
import type { ResourceDetectorName } from './config/telemetry-config.js';
import { loadOptional, type ModuleRequire } from './optional/optional-package.js';

type Attributes = Record<string, AttributeValue>;

/** Node's `os.arch()` names mapped to the semconv `host.arch` values. */
const HOST_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ia32: 'x86',
  arm: 'arm32',
  ppc64: 'ppc64',
  s390x: 's390x',
};

function machineId(): string | undefined {
  for (const path of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = readFileSync(path, 'utf8').trim();
      if (id !== '') return id;
    } catch {
      // not on this system
    }
  }
  return undefined;
}

const BUILTIN: Readonly<Partial<Record<ResourceDetectorName, () => Attributes>>> = {
  // OTEL_RESOURCE_ATTRIBUTES, read by resolve-config when `env` is on.
  env: () => ({}),
  host: () => {
    const id = machineId();
    return {
      'host.name': hostname(),
      'host.arch': HOST_ARCH[arch()] ?? arch(),
      ...(id && { 'host.id': id }),
    };
  },
  os: () => ({ 'os.type': type().toLowerCase(), 'os.version': release() }),
  process: () => ({
    'process.pid': process.pid,
    'process.executable.name': 'node',
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'process.runtime.description': 'Node.js',
  }),
  serviceinstance: () => ({ 'service.instance.id': randomUUID() }),
};

/** The attributes of the built-in detectors among `names`. */
export function builtinAttributes(names: readonly ResourceDetectorName[]): Attributes {
  const out: Attributes = {};
  for (const name of names) Object.assign(out, BUILTIN[name]?.());
  return out;
}

/**
 * The resource of the optional detectors among `names`: every detector a package exports is run (for `aws`:
 * EC2, ECS, EKS, Beanstalk and Lambda). A missing package is a TelemetryError naming it.
 */
export function optionalResource(names: readonly ResourceDetectorName[], load?: ModuleRequire): Resource {
  const detectors: ResourceDetector[] = [];
  for (const name of names) {
    const pkg = DETECTOR_PACKAGES[name];
    if (pkg === undefined) continue;
    const module = loadOptional<Record<string, unknown>>(pkg, `the ${name} resource detector`, load);
    for (const value of Object.values(module))
      if (typeof (value as Partial<ResourceDetector> | null)?.detect === 'function')
        detectors.push(value as ResourceDetector);
  }
  return detectors.length === 0 ? emptyResource() : detectResources({ detectors });
}
