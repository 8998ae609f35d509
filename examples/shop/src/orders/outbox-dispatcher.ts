// Delivers outbox messages until each is acknowledged. Each attempt is a PRODUCER span, child of the transaction
// that wrote the message (its context is stored with it), whose own context travels in the message headers.
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { extractContext, withProducerSpan } from '@skein/telemetry';
import { MESSAGING_SYSTEM, type Message } from '../shared/domain.js';
import { backoffDelay, type BackoffPolicy, type Outbox, type OutboxMessage } from './outbox.js';

/** Sends one message; resolves once the consumer acknowledged it, throws otherwise. */
export type Deliver = (message: Message) => Promise<void>;

export interface DispatcherOptions {
  deliver: Deliver;
  backoff: BackoffPolicy;
  /** How often to look for due messages when nothing wakes the dispatcher (ms). */
  pollMs: number;
  batchSize?: number;
  /** Called inside the failed attempt's PRODUCER span, so a log line made here carries its trace id. */
  onError?: (message: OutboxMessage, error: unknown) => void;
}

export class OutboxDispatcher {
  readonly #outbox: Outbox;
  readonly #options: DispatcherOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(outbox: Outbox, options: DispatcherOptions) {
    this.#outbox = outbox;
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    this.notify();
  }

  /** Looks for due messages now (call after writing one). */
  notify(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    // The loop must not inherit the context of whoever called notify() (a request): its polls and timers would
    // all join that request's trace.
    this.#running = context
      .with(ROOT_CONTEXT, () => this.#drain())
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.notify();
        } else {
          this.#timer = setTimeout(() => this.notify(), this.#options.pollMs);
        }
      });
  }

  /** Stops polling and waits for the attempt in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    const batch = this.#outbox.due(Date.now(), this.#options.batchSize ?? 20);
    for (const message of batch) {
      if (this.#stopped) return;
      await this.#attempt(message);
    }
  }

  async #attempt(message: OutboxMessage): Promise<void> {
    const headers: Record<string, string> = {};
    const description = { system: MESSAGING_SYSTEM, destination: message.topic, messageId: message.id };
    const outgoing: Message = { id: message.id, topic: message.topic, headers, payload: message.payload };
    try {
      await context.with(extractContext(message.headers), () =>
        withProducerSpan(description, headers, async (span) => {
          span.setAttribute('messaging.delivery.attempt', message.attempts + 1);
          try {
            await this.#options.deliver(outgoing);
          } catch (error) {
            this.#options.onError?.(message, error);
            throw error;
          }
        }),
      );
      this.#outbox.markDelivered(message.id);
    } catch (error) {
      const retryAt = Date.now() + backoffDelay(message.attempts + 1, this.#options.backoff);
      this.#outbox.scheduleRetry(message.id, retryAt, error instanceof Error ? error.message : String(error));
    }
  }
}
