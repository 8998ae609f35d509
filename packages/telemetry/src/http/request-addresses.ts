// The network facts of a server request for its span: peer and client addresses, the server's address as the
// client named it, the protocol version. node:net's address getters look their record up on every read, so each
// is read once per connection or not at all.
import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';

/** network.protocol.version: the usual versions as constants, so repeated values are the same string. */
export function protocolVersionOf(req: IncomingMessage): string {
  if (req.httpVersionMajor === 1) {
    if (req.httpVersionMinor === 1) return '1.1';
    if (req.httpVersionMinor === 0) return '1.0';
  }
  return req.httpVersion;
}

/** A connection's peer address and port. */
interface Peer {
  readonly address: string | undefined;
  readonly port: number | undefined;
}

/**
 * Peers by connection, read once per connection: each of node:net's address getters looks its record up again
 * (some 400 instructions per read), and a keep-alive connection carries many requests.
 */
const peers = new WeakMap<object, Peer>();

export function peerOf(socket: IncomingMessage['socket']): Peer {
  let peer = peers.get(socket);
  if (peer === undefined) {
    peer = { address: socket.remoteAddress, port: socket.remotePort };
    // A socket already closed has no address yet to read; do not keep that.
    if (peer.address !== undefined) peers.set(socket, peer);
  }
  return peer;
}

/** The original client as reported by the first X-Forwarded-For hop, else the socket peer. */
export function clientAddress(
  forwarded: string | string[] | undefined,
  peerAddress: string | undefined,
): string | undefined {
  if (typeof forwarded === 'string' && forwarded !== '') {
    const comma = forwarded.indexOf(',');
    return (comma === -1 ? forwarded : forwarded.slice(0, comma)).trim();
  }
  return peerAddress;
}

/**
 * server.address / server.port from the Host header (`name`, `name:port`, `[v6]:port`), else the local socket
 * (read only then: each of its getters asks node:net).
 */
export function setServerAddress(
  attributes: Attributes,
  host: string | undefined,
  scheme: string,
  socket: IncomingMessage['socket'],
): void {
  if (host === undefined || host === '') {
    attributes['server.address'] = socket.localAddress;
    attributes['server.port'] = socket.localPort;
    return;
  }
  const close = host.startsWith('[') ? host.indexOf(']') : -1;
  const colon = host.indexOf(':', close === -1 ? 0 : close);
  if (colon === -1) {
    attributes['server.address'] = close === -1 ? host : host.slice(1, close);
    attributes['server.port'] = scheme === 'https' ? 443 : 80;
    return;
  }
  attributes['server.address'] = close === -1 ? host.slice(0, colon) : host.slice(1, close);
  const port = Number(host.slice(colon + 1));
  attributes['server.port'] = Number.isInteger(port) ? port : undefined;
}
