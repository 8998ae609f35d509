// Environment variable substitution in declarative configuration values, as the configuration data model
// specifies: `${NAME}`, `${env:NAME}`, `${NAME:-default}`, and `$$` for a literal `$`. An unset variable without
// a default becomes the empty string.

const REFERENCE = /\$\$|\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{[^}]*\}?/g;

export function substituteEnv(
  value: string,
  env: Record<string, string | undefined>,
): { value: string } | { error: string } {
  let error: string | undefined;
  const out = value.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$$') return '$';
    if (name === undefined) {
      error ??= `${JSON.stringify(match)} is not a valid \${VARIABLE} reference`;
      return match;
    }
    const set = env[name];
    return set !== undefined && set !== '' ? set : (fallback ?? '');
  });
  return error === undefined ? { value: out } : { error };
}
