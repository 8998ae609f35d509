// The health report as GET /api/skein/health returns it (see docs/health.md).

export type HealthSeverity = 'error' | 'warning' | 'info';

export interface HealthFinding {
  kind: string;
  severity: HealthSeverity;
  message: string;
  services: string[];
  operations: { service: string; name: string }[];
  count: number;
  exampleTraceIds: string[];
  details: Record<string, string | number>;
}

export interface HealthReport {
  findings: HealthFinding[];
  checkedSpans: number;
  spanLimit: number;
  truncated: boolean;
  range: { startMicros: number; endMicros: number };
}

/** Finding kinds as people read them. */
export const KIND_LABELS: Record<string, string> = {
  'orphan-span': 'Orphan spans',
  'broken-propagation': 'Broken propagation',
  'root-only-service': 'Only root spans',
  'clock-skew': 'Clock skew',
  'missing-attribute': 'Missing attribute',
  'unbounded-span-name': 'Unbounded span names',
  'high-attribute-cardinality': 'High cardinality',
};
