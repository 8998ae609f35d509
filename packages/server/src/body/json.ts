// Reads a JSON request body: checks the media type (415) and the size limit (413) before buffering,
// and answers malformed JSON (not UTF-8, nested too deeply, or not JSON) with 400.
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import {
  BodyAbortedError,
  BodyTooLargeError,
  MalformedJsonError,
  UnsupportedMediaTypeError,
} from '../errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

/** 1 MiB: the default limit for a JSON body. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

// After a 413 the rest of the upload is not worth reading: close the connection instead.
const CLOSE = { connection: 'close' } as const;

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** `application/json` or any `+json` suffix type, parameters (charset) allowed. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function tooLarge(limit: number): InstanceType<typeof BodyTooLargeError> {
  return new BodyTooLargeError(`The request body exceeds the limit of ${limit} bytes.`, { headers: CLOSE });
}

/** Resolves to the parsed body, or undefined when the request has none. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!hasBody(req)) return Promise.resolve(undefined);
  if (!isJsonMediaType(req.headers['content-type'])) return Promise.reject(new UnsupportedMediaTypeError());
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (bytes.length === 0) {
        resolve(undefined);
        return;
      }
      // JSON is UTF-8 (RFC 8259): invalid bytes are refused, not silently replaced by U+FFFD.
      if (!isUtf8(bytes)) {
        reject(new MalformedJsonError('The request body is not valid UTF-8.'));
        return;
      }
      if (nestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
        reject(new MalformedJsonError(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`));
        return;
      }
      try {
        resolve(JSON.parse(bytes.toString('utf8')));
      } catch {
        reject(new MalformedJsonError());
      }
    };
    // A client that disconnects mid-upload is not a server fault: no 500, no error log.
    const onError = (err: Error): void => {
      cleanup();
      reject(new BodyAbortedError(undefined, { cause: err }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
