// The Jaeger v1 query API shapes (see REFERENCE.md), as the backend serves them.

export interface JaegerEnvelope<T> {
  data: T;
  total?: number;
  limit?: number;
  offset?: number;
  errors: { code: number; msg: string; traceID?: string }[] | null;
}

export interface KeyValue {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags?: number;
  operationName: string;
  references: JaegerReference[];
  startTime: number;
  duration: number;
  tags: KeyValue[];
  logs: { timestamp: number; fields: KeyValue[] }[];
  processID: string;
  warnings?: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: KeyValue[] }>;
  warnings?: string[] | null;
}

export interface Dependency {
  parent: string;
  child: string;
  callCount: number;
}
