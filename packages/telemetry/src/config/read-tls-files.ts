// Reads the PEM files named by OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE, _CLIENT_CERTIFICATE and _CLIENT_KEY (or the
// matching options) once, at configuration time, so a missing or unreadable file is one warning at start rather
// than a failure on every export.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WarningSink } from './env-value.js';
import type { TlsSettings } from './telemetry-config.js';

/** Where one setting came from: the variable or option name (for messages) and the file path. */
export interface TlsFileSource {
  name: string;
  path: string;
}

function readPem(source: TlsFileSource, warn: WarningSink): string | undefined {
  let text: string;
  try {
    text = readFileSync(resolve(source.path), 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    warn(`${source.name}=${JSON.stringify(source.path)} cannot be read (${code}); ignoring it`);
    return undefined;
  }
  if (!text.includes('-----BEGIN ')) {
    warn(`${source.name}=${JSON.stringify(source.path)} is not a PEM file; ignoring it`);
    return undefined;
  }
  return text;
}

/**
 * The TLS settings of one exporter. `plaintextOrigin` is the endpoint's origin when it is not https: the files
 * then have no use, which is reported instead of reading them.
 */
export function readTlsSettings(
  sources: { ca?: TlsFileSource; cert?: TlsFileSource; key?: TlsFileSource },
  plaintextOrigin: string | undefined,
  warn: WarningSink,
): TlsSettings {
  const given = [sources.ca, sources.cert, sources.key].filter((s) => s !== undefined);
  if (plaintextOrigin !== undefined) {
    for (const source of given)
      warn(`${source.name} is set but ${plaintextOrigin} is not an https endpoint; it is not used`);
    return {};
  }
  const tls: TlsSettings = {};
  if (sources.ca) {
    const ca = readPem(sources.ca, warn);
    if (ca !== undefined) tls.ca = ca;
  }
  const cert = sources.cert && readPem(sources.cert, warn);
  const key = sources.key && readPem(sources.key, warn);
  if (cert !== undefined && key !== undefined) {
    tls.cert = cert;
    tls.key = key;
  } else if ((sources.cert === undefined) !== (sources.key === undefined)) {
    const alone = (sources.cert ?? sources.key)!.name;
    warn(
      `${alone} needs a client ${sources.cert ? 'key' : 'certificate'} too; no client certificate is sent`,
    );
  }
  return tls;
}
