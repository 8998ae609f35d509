// Whether terminal output gets ANSI colours, and the few styles the tree uses.

/**
 * Colour decision shared by the CLI and the tree exporter, following Node's own rule: FORCE_COLOR wins
 * (`0` or `false` turns colour off, any other value on), then a non-empty NO_COLOR turns it off
 * (https://no-color.org), otherwise colour when the output is a terminal.
 *
 * @example useColor(process.env, process.stdout.isTTY === true)
 */
export function useColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  yellow(text: string): string;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[${close}m`;

const COLORED: Palette = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  cyan: ansi(36, 39),
  yellow: ansi(33, 39),
};

const identity = (text: string): string => text;
const PLAIN: Palette = { bold: identity, dim: identity, red: identity, cyan: identity, yellow: identity };

export function palette(color: boolean): Palette {
  return color ? COLORED : PLAIN;
}
