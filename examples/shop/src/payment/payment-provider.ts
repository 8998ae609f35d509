// A simulated card processor: every authorization takes the configured latency and fails at the configured
// rate, so `skein up` can show slow and failing payments on demand.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PaymentMethod } from '../shared/domain.js';

export interface ProviderOptions {
  latencyMs: number;
  /** Fraction of authorizations declined, 0..1. */
  failureRate: number;
  /** Source of randomness in [0, 1); replaceable in tests. */
  random?: () => number;
}

export type Authorization = { approved: true; reference: string } | { approved: false; reason: string };

export class SimulatedProvider {
  readonly #latencyMs: number;
  readonly #failureRate: number;
  readonly #random: () => number;

  constructor(options: ProviderOptions) {
    this.#latencyMs = options.latencyMs;
    this.#failureRate = options.failureRate;
    this.#random = options.random ?? Math.random;
  }

  async authorize(_amountCents: number, _method: PaymentMethod): Promise<Authorization> {
    if (this.#latencyMs > 0) await sleep(this.#latencyMs);
    if (this.#random() < this.#failureRate) return { approved: false, reason: 'card declined by the issuer' };
    return { approved: true, reference: `auth_${randomUUID()}` };
  }
}
