// Detects a second OpenTelemetry SDK: when setupTelemetry runs, someone else may already own the global
// tracer provider, and then withSpan() and every library's spans go there instead of to Skein's exporters.
import { ProxyTracerProvider, trace } from '@opentelemetry/api';

/** The API's no-op provider: what an unregistered global proxy delegates to. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/** True when a tracer provider is already registered globally (by another SDK or an earlier setup). */
export function globalTracerProviderTaken(): boolean {
  const current = trace.getTracerProvider();
  const delegate = current instanceof ProxyTracerProvider ? current.getDelegate() : current;
  return delegate !== NOOP_PROVIDER;
}

export const SECOND_SDK_WARNING =
  'a global tracer provider is already registered (another OpenTelemetry SDK, or setupTelemetry called twice); ' +
  "Skein keeps its own and does not replace it, so withSpan() and libraries' spans go to the other one. " +
  'Set up one SDK per process, or pass registerGlobals: false.';
