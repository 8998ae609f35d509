// A structural model of an OpenTelemetry Collector configuration: merging several --config files as the
// Collector does, and listing what a pipeline names but the configuration does not define.

type Components = Record<string, unknown>;

export interface Pipeline {
  receivers: string[];
  processors?: string[];
  exporters: string[];
}

export interface CollectorConfig {
  receivers?: Components;
  processors?: Components;
  exporters?: Components;
  connectors?: Components;
  extensions?: Components;
  service: { extensions?: string[]; pipelines: Record<string, Pipeline> };
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `--config a --config b`: maps merge key by key, anything else (lists included) is replaced by b's. */
export function mergeConfigs<T>(base: T, overlay: unknown): T {
  if (!isMap(base) || !isMap(overlay)) return (overlay === undefined ? base : overlay) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) merged[key] = mergeConfigs(merged[key], value);
  return merged as T;
}

/** One line per component a pipeline (or the service) names that is not defined, or is used wrongly. */
export function configurationProblems(config: CollectorConfig): string[] {
  const problems: string[] = [];
  const defined = (kind: keyof CollectorConfig, name: string): boolean =>
    isMap(config[kind]) && name in (config[kind] as Components);
  const connectorUse = new Map<string, { asReceiver: boolean; asExporter: boolean }>();
  const useConnector = (name: string, role: 'asReceiver' | 'asExporter'): void => {
    const use = connectorUse.get(name) ?? { asReceiver: false, asExporter: false };
    use[role] = true;
    connectorUse.set(name, use);
  };

  for (const [id, pipeline] of Object.entries(config.service.pipelines)) {
    if (!/^(traces|metrics|logs)(\/.+)?$/.test(id)) problems.push(`pipeline ${id}: unknown signal`);
    if (pipeline.receivers.length === 0) problems.push(`pipeline ${id}: no receivers`);
    if (pipeline.exporters.length === 0) problems.push(`pipeline ${id}: no exporters`);
    for (const name of pipeline.receivers) {
      if (defined('connectors', name)) useConnector(name, 'asReceiver');
      else if (!defined('receivers', name)) problems.push(`pipeline ${id}: receiver ${name} is not defined`);
    }
    for (const name of pipeline.processors ?? [])
      if (!defined('processors', name)) problems.push(`pipeline ${id}: processor ${name} is not defined`);
    for (const name of pipeline.exporters) {
      if (defined('connectors', name)) useConnector(name, 'asExporter');
      else if (!defined('exporters', name)) problems.push(`pipeline ${id}: exporter ${name} is not defined`);
    }
  }
  for (const [name, use] of connectorUse)
    if (!use.asReceiver || !use.asExporter)
      problems.push(`connector ${name} must be an exporter of one pipeline and a receiver of another`);
  for (const name of config.service.extensions ?? [])
    if (!defined('extensions', name)) problems.push(`service: extension ${name} is not defined`);
  return problems;
}

/** The ports the otlp receiver listens on, from its `host:port` endpoints. */
export function otlpReceiverPorts(config: CollectorConfig): { grpc: number; http: number } {
  const protocols = (config.receivers?.otlp as { protocols: Record<string, { endpoint: string }> }).protocols;
  const port = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
  return { grpc: port(protocols.grpc!.endpoint), http: port(protocols.http!.endpoint) };
}

/** `${env:NAME:-default}` → default: the value the Collector uses when NAME is unset. */
export function envDefault(value: string): string {
  return value.replace(/\$\{env:[A-Z0-9_]+:-([^}]*)\}/g, '$1');
}
