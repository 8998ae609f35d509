// How every tool answers: one compact JSON text block, with lists cut to a character budget so an answer
// stays small enough for a model's context however large the data.
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

export function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/** The leading items whose JSON fits in `budgetChars`, and how many were left out. */
export function withinBudget<T>(items: T[], budgetChars: number): { items: T[]; omitted: number } {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += JSON.stringify(items[i]).length + 1;
    if (used > budgetChars) return { items: items.slice(0, i), omitted: items.length - i };
  }
  return { items, omitted: 0 };
}

/** Every Skein tool only reads stored telemetry and reaches nothing outside the backend. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
