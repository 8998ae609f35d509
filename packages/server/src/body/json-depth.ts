// Measures how deeply a JSON text nests, before JSON.parse sees it: V8 parses a 1 MiB body of nested
// arrays in seconds (blocking every other request) into a value JSON.stringify cannot serialise.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** Deepest nesting the JSON body parser accepts (serde_json stops at 128, Go's encoding/json at 10 000). */
export const MAX_JSON_DEPTH = 512;

/** True when `text` opens more than `max` arrays/objects inside each other (strings are skipped). */
export function nestsDeeperThan(text: Uint8Array, max: number): boolean {
  // Valid JSON needs two bytes per level: a short body cannot nest too deeply (and JSON.parse refuses an
  // unclosed one at once), so the common small body costs nothing here.
  if (text.length <= 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
