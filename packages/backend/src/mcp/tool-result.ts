// How every tool answers: one compact JSON text block, with lists cut to a character budget so an answer
// stays small enough for a model's context however large the data.
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

export function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

export interface Budgeted<T> {
  items: T[];
  /** How many items did not fit. */
  omitted: number;
}

/**
 * The leading items whose JSON fits in `budgetChars`, and how many were left out. With `view`, each item is
 * turned into what is shown only when it is reached, so a huge trace costs only what fits.
 */
export function withinBudget<T>(items: T[], budgetChars: number): Budgeted<T>;
export function withinBudget<T, V>(items: T[], budgetChars: number, view: (item: T) => V): Budgeted<V>;
export function withinBudget(
  items: unknown[],
  budgetChars: number,
  view: (item: unknown) => unknown = (item) => item,
): Budgeted<unknown> {
  const shown: unknown[] = [];
  let used = 0;
  for (const item of items) {
    const value = view(item);
    used += JSON.stringify(value).length + 1;
    if (used > budgetChars) break;
    shown.push(value);
  }
  return { items: shown, omitted: items.length - shown.length };
}

/** Every Skein tool only reads stored telemetry and reaches nothing outside the backend. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
