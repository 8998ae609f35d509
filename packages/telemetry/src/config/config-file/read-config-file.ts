// OTEL_CONFIG_FILE: reads a declarative configuration file (YAML, the opentelemetry-configuration schema),
// substitutes ${VAR} references in its scalar values and turns what Skein supports into setupTelemetry() options.
// The yaml parser is loaded only when a file is named, so services configured by variables never load it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type * as Yaml from 'yaml';
import { TelemetryError } from '../../telemetry-error.js';
import type { TelemetryOptions } from '../telemetry-options.js';
import { configFileOptions } from './config-file-options.js';
import { substituteEnv } from './substitute-env.js';

const requireHere = createRequire(import.meta.url);

/** Reads, substitutes and translates the file at `path`; throws a TelemetryError naming every problem. */
export function readConfigFile(path: string, env: Record<string, string | undefined>): TelemetryOptions {
  const fail = (problem: string): never => {
    throw new TelemetryError('SKEIN_TELEMETRY_CONFIG_FILE', `OTEL_CONFIG_FILE=${path}: ${problem}`);
  };
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (error) {
    return fail(`cannot be read (${(error as { code?: string }).code ?? (error as Error).message})`);
  }
  const yaml = requireHere('yaml') as typeof Yaml;
  const document = yaml.parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) return fail(`is not valid YAML: ${oneLine(document.errors[0]!.message)}`);
  const substitutionErrors: string[] = [];
  yaml.visit(document, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('$')) return;
      const result = substituteEnv(node.value, env);
      if ('error' in result) {
        substitutionErrors.push(result.error);
        return;
      }
      // A plain (unquoted) scalar is read again as YAML, so `${OTEL_SDK_DISABLED:-false}` is a boolean; a value
      // from the environment can never add structure, only a scalar.
      const plain = node.type === 'PLAIN';
      const reparsed: unknown = plain ? yaml.parse(result.value === '' ? '~' : result.value) : result.value;
      node.value = reparsed !== null && typeof reparsed === 'object' ? result.value : reparsed;
    },
  });
  if (substitutionErrors.length > 0) return fail(substitutionErrors.join('; '));
  const { options, unsupported } = configFileOptions(document.toJS() as unknown);
  if (unsupported.length > 0) return fail(`Skein does not support ${unsupported.join(', ')}`);
  return options;
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}
