// The semconv `error.type` of a thrown value: its class name, or its code when it is a Node system error.

export function errorType(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    return error.constructor.name || error.name || 'Error';
  }
  return '_OTHER';
}
