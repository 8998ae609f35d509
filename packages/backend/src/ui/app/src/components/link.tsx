// An <a href> that navigates inside the SPA, so every link works with the keyboard, middle-click and copy.
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { onLinkClick } from '../router.js';

export function Link(
  props: { href: string; children: ComponentChildren } & AnchorHTMLAttributes<HTMLAnchorElement>,
) {
  return <a {...props} onClick={onLinkClick} />;
}

export function traceHref(traceId: string, spanId?: string): string {
  const base = `/trace/${encodeURIComponent(traceId)}`;
  return spanId ? `${base}?span=${encodeURIComponent(spanId)}` : base;
}

export function serviceHref(service: string): string {
  return `/service/${encodeURIComponent(service)}`;
}
