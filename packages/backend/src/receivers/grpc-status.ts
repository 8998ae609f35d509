// Maps Skein's errors onto gRPC status codes (used as gRPC statuses and in OTLP/HTTP google.rpc.Status bodies).
import type { BackendError } from '../errors.js';

const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const UNIMPLEMENTED = 12;
const UNAVAILABLE = 14;
const UNAUTHENTICATED = 16;
const NOT_FOUND = 5;

export function grpcStatusOf(error: BackendError): number {
  switch (error.code) {
    case 'SKEIN_ERR_PAYLOAD_TOO_LARGE':
      return RESOURCE_EXHAUSTED;
    case 'SKEIN_ERR_UNAUTHORIZED':
      return UNAUTHENTICATED;
    case 'SKEIN_ERR_NOT_FOUND':
      return NOT_FOUND;
    case 'SKEIN_ERR_METHOD_NOT_ALLOWED':
    case 'SKEIN_ERR_UNSUPPORTED_MEDIA_TYPE':
      return UNIMPLEMENTED;
    case 'SKEIN_ERR_STORAGE':
      return UNAVAILABLE;
    default:
      return INVALID_ARGUMENT;
  }
}
