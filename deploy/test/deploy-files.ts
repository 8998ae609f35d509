// Reads the files under deploy/ the way their engines do: YAML (one or many documents, with compose's merge
// keys), JSON, and paths relative to the repository root.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const deployDir = join(repoRoot, 'deploy');

/** Absolute path of a file under deploy/. */
export const deployPath = (...parts: string[]): string => join(deployDir, ...parts);

/** One YAML document; `<<` merge keys resolved as docker compose resolves them. */
export function readYaml<T = Record<string, unknown>>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as T;
}

/** Every document of a multi-document YAML file (Kubernetes manifests). */
export function readYamlDocuments<T = Record<string, unknown>>(path: string): T[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as T;
  });
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
