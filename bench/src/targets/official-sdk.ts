// The official OpenTelemetry SDK as its docs set it up for the peer targets: NodeTracerProvider (100% sampled),
// BatchSpanProcessor and the OTLP/HTTP protobuf exporter pointed at the driver's sink by OTEL_* variables.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** Registers the provider globally (context manager and propagator included) and returns it. */
export function startOfficialSdk(serviceName: string): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return provider;
}
