// Reads a request body within a byte limit, inflating gzip, so no request can exhaust memory.
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { BackendError } from '../../errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

function tooLarge(limit: number): BackendError {
  return new BackendError('SKEIN_ERR_PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`);
}

/** Resolves with the (decompressed) body; rejects with 413 past `limit` bytes, 415 for an unknown encoding. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'deflate') {
    req.resume();
    throw new BackendError('SKEIN_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding: ${encoding}`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  if (encoding === 'identity') return raw;
  try {
    const inflateBody = encoding === 'gzip' ? gunzipAsync : inflateAsync;
    return await inflateBody(raw, { maxOutputLength: limit });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(limit);
    throw new BackendError('SKEIN_ERR_BAD_PAYLOAD', `invalid ${encoding} body: ${(err as Error).message}`);
  }
}
