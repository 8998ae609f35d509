// What a health check reports: findings about broken tracing (lost context, skewed clocks, missing or
// unbounded attributes), each with the services and operations involved and example traces to open.

export type HealthFindingKind =
  | 'orphan-span'
  | 'broken-propagation'
  | 'root-only-service'
  | 'clock-skew'
  | 'missing-attribute'
  | 'unbounded-span-name'
  | 'high-attribute-cardinality';

export type HealthSeverity = 'error' | 'warning' | 'info';

export interface HealthOperation {
  service: string;
  name: string;
}

export interface HealthFinding {
  kind: HealthFindingKind;
  severity: HealthSeverity;
  /** One sentence for people: what is wrong and the likely cause. */
  message: string;
  services: string[];
  operations: HealthOperation[];
  /** Spans (or span pairs, for clock skew and propagation) showing the problem. */
  count: number;
  /** Up to three trace ids (32 lowercase hex digits) to open. */
  exampleTraceIds: string[];
  /** Kind-specific facts: `attribute`, `pattern`, `distinctNames`, `distinctValues`, `skewMs`, `callers`. */
  details: Record<string, string | number>;
}

export interface HealthRange {
  startMicros: number;
  endMicros: number;
}

export interface HealthReport {
  findings: HealthFinding[];
  /** Spans examined: the most recent `spanLimit` spans starting in the range. */
  checkedSpans: number;
  spanLimit: number;
  /** True when the range holds more spans than `spanLimit`: older spans were not checked. */
  truncated: boolean;
  range: HealthRange;
}

/** Tunables; every field has a default documented in docs/health.md. */
export interface HealthOptions {
  /** "Now" in µs since the epoch; spans that ended less than `orphanGraceMicros` before it are not judged. */
  nowMicros?: number;
  /** How long a parent may arrive after its child ended (default 30 s). */
  orphanGraceMicros?: number;
  /** How far a child may start before, or end after, its parent before it counts as clock skew (5 ms). */
  skewToleranceMicros?: number;
  /** Most spans examined per check (default 20,000, newest first). */
  spanLimit?: number;
  /** Distinct span names sharing one id-stripped pattern in a service that make it unbounded (10). */
  nameVariants?: number;
  /** Distinct values of one attribute key on one operation that count as high cardinality (100). */
  attributeValues?: number;
}

export const HEALTH_DEFAULTS: Required<Omit<HealthOptions, 'nowMicros'>> = {
  orphanGraceMicros: 30_000_000,
  skewToleranceMicros: 5_000,
  spanLimit: 20_000,
  nameVariants: 10,
  attributeValues: 100,
};

const SEVERITY_ORDER: Record<HealthSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Most severe first, then the most frequent. */
export function compareFindings(a: HealthFinding, b: HealthFinding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count;
}
