// Bearer-token checks shared by the OTLP receivers and the query API, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';

/** A check of an `Authorization` header value; with no token configured every request passes. */
export type TokenCheck = (authorization: string | undefined) => boolean;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export function tokenCheck(token: string | undefined): TokenCheck {
  if (!token) return () => true;
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    // Hashing first gives equal-length inputs, so timingSafeEqual never leaks the token's length.
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  };
}
