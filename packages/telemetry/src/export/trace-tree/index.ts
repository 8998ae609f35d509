// The trace tree: one renderer for `skein traces` and the development exporter.
export { useColor } from './color.js';
export { formatDuration } from './format-duration.js';
export { KEY_ATTRIBUTES, renderTrace, type RenderOptions } from './render-trace.js';
export { TreeSpanExporter, type TreeSpanExporterOptions } from './tree-span-exporter.js';
export type { TreeLog, TreeSpan, TreeSpanStatus } from './tree-span.js';
