// What `skein up` runs: a set of services, each its own Node process, that find each other by port.
export interface ServiceSpec {
  /** Service name; also OTEL_SERVICE_NAME. */
  name: string;
  /** Absolute path of the compiled entry module. */
  entry: string;
  /** Port the service listens on (127.0.0.1). */
  port: number;
  /** Extra environment for the process (upstream URLs, data dir, fault injection). */
  env: Record<string, string>;
  /** Printed first among the URLs: where a person starts. */
  public?: boolean;
}

/** Fault injection knobs `skein up` passes on; each system maps them to its services. */
export interface Faults {
  paymentLatencyMs?: number;
  paymentFailureRate?: number;
  inventoryLatencyMs?: number;
}

export interface SystemOptions {
  basePort: number;
  dataDir: string;
  faults: Faults;
}

export interface TrafficOptions {
  /** Requests (e.g. orders) per second. */
  rate: number;
  /** URL of the public service. */
  baseUrl: string;
  log: (line: string) => void;
}

export interface SystemSpec {
  name: string;
  services: ServiceSpec[];
  /** Optional traffic generator started once all services are ready; resolves its stop function. */
  traffic?: (options: TrafficOptions) => () => Promise<void>;
}

export type SystemFactory = (options: SystemOptions) => SystemSpec;
