// The lean trace payload the UI's waterfall opens with: per span only its place, name and timing, strings
// deduplicated in tables. Built from the spans table's columns, so no stored span is decoded.
import type { SpanOutline } from '../../storage/store.js';

/** One span: [spanId, parent index or -1, service index, name index, kind, start offset µs, duration µs, status]. */
export type WaterfallSpan = [string, number, number, number, number, number, number, number];

export interface WaterfallTrace {
  traceId: string;
  /** Start of the earliest span, µs since the epoch; span starts are offsets from it. */
  startUs: number;
  services: string[];
  names: string[];
  spans: WaterfallSpan[];
}

function interner(): { table: string[]; index: (s: string) => number } {
  const table: string[] = [];
  const seen = new Map<string, number>();
  return {
    table,
    index(s) {
      let i = seen.get(s);
      if (i === undefined) {
        i = table.length;
        seen.set(s, i);
        table.push(s);
      }
      return i;
    },
  };
}

/** Outline rows (in start order) → the waterfall payload; a parent that is not stored gives -1. */
export function waterfallTrace(traceId: string, outline: SpanOutline[]): WaterfallTrace {
  const services = interner();
  const names = interner();
  const ids = outline.map((row) => row.spanId.toString('hex'));
  const position = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) position.set(ids[i]!, i);
  const startUs = outline.length > 0 ? outline[0]!.startUs : 0;
  const spans = outline.map((row, i): WaterfallSpan => {
    const parent = row.parentSpanId?.length ? position.get(row.parentSpanId.toString('hex')) : undefined;
    return [
      ids[i]!,
      parent ?? -1,
      services.index(row.service),
      names.index(row.name),
      row.kind,
      row.startUs - startUs,
      row.durationUs,
      row.status,
    ];
  });
  return { traceId, startUs, services: services.table, names: names.table, spans };
}
