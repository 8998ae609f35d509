// Escaping for the server-rendered page: every value that reaches HTML goes through `escapeHtml`.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Formats integer cents as an amount, e.g. 4500 → "45.00". */
export function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}
