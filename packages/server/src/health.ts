// Liveness and readiness: /healthz answers while the process serves at all; /readyz runs the checks the
// service registered and fails while the app drains, so load balancers stop sending traffic first.
import { NotReadyError } from './errors.js';

/** Returns (or resolves to) false, or throws, when the dependency it checks is not usable. */
export type ReadinessCheck = () => boolean | void | Promise<boolean | void>;

export interface ReadinessReport {
  status: 'ready';
  checks: Record<string, 'ok'>;
}

/** A check that has not answered within its timeout counts as failed (default 2 s). */
export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

interface TimedCheck {
  check: ReadinessCheck;
  timeoutMs: number;
}

async function run({ check, timeoutMs }: TimedCheck): Promise<boolean | void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false);
  });
  try {
    return await Promise.race([check(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export class Readiness {
  readonly #checks = new Map<string, TimedCheck>();
  #draining = false;

  add(name: string, check: ReadinessCheck, timeoutMs = DEFAULT_CHECK_TIMEOUT_MS): void {
    this.#checks.set(name, { check, timeoutMs });
  }

  /** From now on the service reports not ready (shutdown has begun). */
  drain(): void {
    this.#draining = true;
  }

  /** Runs every check concurrently; throws NotReadyError naming each failed one. */
  async report(): Promise<ReadinessReport> {
    if (this.#draining) throw new NotReadyError('The service is shutting down.');
    const names = [...this.#checks.keys()];
    const outcomes = await Promise.allSettled([...this.#checks.values()].map(run));
    const failed: string[] = [];
    const checks: Record<string, 'ok'> = {};
    outcomes.forEach((outcome, i) => {
      const name = names[i]!;
      if (outcome.status === 'fulfilled' && outcome.value !== false) checks[name] = 'ok';
      else failed.push(name);
    });
    if (failed.length > 0) throw new NotReadyError(`Readiness checks failed: ${failed.join(', ')}.`);
    return { status: 'ready', checks };
  }
}
