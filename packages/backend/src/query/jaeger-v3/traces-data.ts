// Stored spans → OTLP/JSON `resourceSpans`, as api_v3 streams TracesData: spans regrouped under the resource
// and scope they were reported with.
import { pb } from '../../otlp/proto.js';
import type { StoredResource, StoredScope, StoredSpan } from '../../storage/store.js';
import { toOtlpJson } from '../otlp-json.js';

type Json = Record<string, unknown>;

function withSchemaUrl(json: Json, schemaUrl: string): Json {
  if (schemaUrl) json.schemaUrl = schemaUrl;
  return json;
}

/**
 * Appends one trace's spans to `out` as ResourceSpans, one per distinct resource, each with one ScopeSpans per
 * distinct scope. The store hands out one object per stored resource and scope, so identity groups them.
 */
export function appendResourceSpans(spans: StoredSpan[], out: Json[]): void {
  const byResource = new Map<StoredResource, Map<StoredScope, Json[]>>();
  for (const stored of spans) {
    let byScope = byResource.get(stored.resource);
    if (!byScope) byResource.set(stored.resource, (byScope = new Map()));
    let list = byScope.get(stored.scope);
    if (!list) byScope.set(stored.scope, (list = []));
    list.push(toOtlpJson(pb.Span, stored.span));
  }
  for (const [resource, byScope] of byResource) {
    const scopeSpans: Json[] = [];
    for (const [scope, list] of byScope) {
      scopeSpans.push(
        withSchemaUrl(
          { scope: toOtlpJson(pb.InstrumentationScope, scope.scope), spans: list },
          scope.schemaUrl,
        ),
      );
    }
    out.push(
      withSchemaUrl({ resource: toOtlpJson(pb.Resource, resource.resource), scopeSpans }, resource.schemaUrl),
    );
  }
}
