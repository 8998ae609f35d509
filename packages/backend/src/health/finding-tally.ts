// Counts the spans behind one would-be finding and keeps a few example traces and the operations seen,
// so every check groups its spans the same way and builds findings of the same shape.
import type { HealthFinding, HealthOperation } from './health-report.js';
import type { SpanView } from './span-set.js';

const EXAMPLES = 3;
const OPERATIONS = 5;

export class FindingTally {
  count = 0;
  private readonly traces = new Set<string>();
  private readonly operations = new Map<string, HealthOperation>();
  private readonly services = new Set<string>();

  add(...spans: SpanView[]): void {
    this.count++;
    for (const span of spans) {
      if (this.traces.size < EXAMPLES) this.traces.add(span.traceId);
      this.services.add(span.service);
      const key = `${span.service}\u0000${span.name}`;
      if (this.operations.size < OPERATIONS && !this.operations.has(key)) {
        this.operations.set(key, { service: span.service, name: span.name });
      }
    }
  }

  finding(
    fields: Pick<HealthFinding, 'kind' | 'severity' | 'message'> & Partial<Pick<HealthFinding, 'details'>>,
  ): HealthFinding {
    return {
      kind: fields.kind,
      severity: fields.severity,
      message: fields.message,
      services: [...this.services],
      operations: [...this.operations.values()],
      count: this.count,
      exampleTraceIds: [...this.traces],
      details: fields.details ?? {},
    };
  }
}

/** Tallies grouped by a key; `get` creates the tally on first use. */
export class TallyGroups<T = undefined> {
  private readonly groups = new Map<string, { tally: FindingTally; meta: T }>();

  get(key: string, meta: T): { tally: FindingTally; meta: T } {
    let group = this.groups.get(key);
    if (!group) {
      group = { tally: new FindingTally(), meta };
      this.groups.set(key, group);
    }
    return group;
  }

  has(key: string): boolean {
    return this.groups.has(key);
  }

  entries(): { tally: FindingTally; meta: T }[] {
    return [...this.groups.values()];
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
