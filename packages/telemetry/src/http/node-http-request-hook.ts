// Node 20 publishes `http.client.request.start` only after the request headers were flushed, so a diagnostics
// channel cannot add traceparent to a node:http request there. This hook calls back right after a ClientRequest is
// constructed (headers still open) by wrapping request/get of node:http and node:https, ESM bindings included.
import type { ClientRequest } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';

type RequestFn = (...args: unknown[]) => ClientRequest;
type HttpModule = { request: RequestFn; get: RequestFn };

/** Installs the hook; the returned function restores the original functions. */
export function hookClientRequests(onCreated: (request: ClientRequest) => void): () => void {
  const modules = [http, https] as unknown as HttpModule[];
  const originals = modules.map((mod) => ({ mod, request: mod.request, get: mod.get }));
  for (const { mod, request } of originals) {
    const hooked: RequestFn = function (this: unknown, ...args) {
      const clientRequest = request.apply(this, args);
      onCreated(clientRequest);
      return clientRequest;
    };
    mod.request = hooked;
    // get() calls its module's own request(), which ends the request before a wrapper could see it.
    mod.get = function (this: unknown, ...args) {
      const clientRequest = hooked.apply(this, args);
      clientRequest.end();
      return clientRequest;
    };
  }
  syncBuiltinESMExports();
  return () => {
    for (const { mod, request, get } of originals) {
      mod.request = request;
      mod.get = get;
    }
    syncBuiltinESMExports();
  };
}
