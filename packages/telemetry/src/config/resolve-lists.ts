// The list-valued settings: OTEL_PROPAGATORS and OTEL_NODE_RESOURCE_DETECTORS.
import { closestName } from './closest-name.js';
import { readList, type WarningSink } from './env-value.js';
import type { PropagatorName, ResourceDetectorName } from './telemetry-config.js';

export const PROPAGATORS: readonly PropagatorName[] = [
  'tracecontext',
  'baggage',
  'b3',
  'b3multi',
  'jaeger',
  'xray',
  'ottrace',
];

/** What `all` means and what Skein runs when OTEL_NODE_RESOURCE_DETECTORS is unset. */
export const BUILTIN_DETECTORS: readonly ResourceDetectorName[] = [
  'env',
  'host',
  'os',
  'process',
  'serviceinstance',
];
/** The detectors that come from optional packages (peer dependencies, installed by the application). */
export const DETECTOR_PACKAGES: Readonly<Partial<Record<ResourceDetectorName, string>>> = {
  container: '@opentelemetry/resource-detector-container',
  alibaba: '@opentelemetry/resource-detector-alibaba-cloud',
  aws: '@opentelemetry/resource-detector-aws',
  azure: '@opentelemetry/resource-detector-azure',
  gcp: '@opentelemetry/resource-detector-gcp',
};
const OPTIONAL_DETECTORS = Object.keys(DETECTOR_PACKAGES) as ResourceDetectorName[];

function unknownMember(variable: string, member: string, known: readonly string[], warn: WarningSink): void {
  const suggestion = closestName(member, known);
  const hint = suggestion ? `did you mean ${suggestion}? ` : '';
  warn(
    `${variable} member ${JSON.stringify(member)} is not one of ${known.join(', ')}, none; ${hint}skipping it`,
  );
}

/** OTEL_PROPAGATORS: deduplicated, `none` anywhere means none. */
export function readPropagators(
  names: readonly string[] | undefined,
  warn: WarningSink,
  variable = 'OTEL_PROPAGATORS',
): PropagatorName[] {
  if (names === undefined) return ['tracecontext', 'baggage'];
  const out: PropagatorName[] = [];
  for (const name of names) {
    if (name === 'none') return [];
    if (!(PROPAGATORS as readonly string[]).includes(name)) unknownMember(variable, name, PROPAGATORS, warn);
    else if (!out.includes(name as PropagatorName)) out.push(name as PropagatorName);
  }
  return out;
}

/**
 * OTEL_NODE_RESOURCE_DETECTORS: deduplicated; `none` anywhere means none; `all` is every built-in detector plus
 * the optional ones whose packages are installed (`isInstalled` decides; a named one is kept even when missing,
 * so that setup can say which package to install).
 */
export function readResourceDetectors(
  raw: string | readonly string[] | undefined,
  isInstalled: (name: ResourceDetectorName) => boolean,
  warn: WarningSink,
): ResourceDetectorName[] {
  const names = typeof raw === 'string' || raw === undefined ? readList(raw) : raw;
  if (names === undefined) return [...BUILTIN_DETECTORS];
  const known = [...BUILTIN_DETECTORS, ...OPTIONAL_DETECTORS];
  const out = new Set<ResourceDetectorName>();
  for (const name of names) {
    if (name === 'none') return [];
    if (name === 'all') {
      for (const detector of BUILTIN_DETECTORS) out.add(detector);
      for (const detector of OPTIONAL_DETECTORS) if (isInstalled(detector)) out.add(detector);
    } else if ((known as readonly string[]).includes(name)) out.add(name as ResourceDetectorName);
    else unknownMember('OTEL_NODE_RESOURCE_DETECTORS', name, [...known, 'all'], warn);
  }
  return [...out];
}
