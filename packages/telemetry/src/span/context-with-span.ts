// The context a request runs in: its parent context plus its span. `trace.setSpan()` copies the parent's Map into a
// new BaseContext with three closures of its own on every request; this is one small object that answers the span
// itself and asks the parent for everything else.
import { trace, type Context, type Span } from '@opentelemetry/api';

/**
 * The key the OpenTelemetry API stores the active span under. The API makes its keys with `Symbol.for()` so that
 * every copy of the API shares them; the test of this file checks this one against `trace.getSpan()`.
 */
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

class SpanContextEntry implements Context {
  private derived: Context | undefined;

  constructor(
    private readonly parent: Context,
    private readonly span: Span,
  ) {}

  getValue(key: symbol): unknown {
    return key === SPAN_KEY ? this.span : this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.asBaseContext().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.asBaseContext().deleteValue(key);
  }

  /** The same context as the API builds it, made once, for contexts derived from this one. */
  private asBaseContext(): Context {
    this.derived ??= trace.setSpan(this.parent, this.span);
    return this.derived;
  }
}

/** `trace.setSpan(parent, span)` for the hot path: the same answers from one object. */
export function contextWithSpan(parent: Context, span: Span): Context {
  return new SpanContextEntry(parent, span);
}
