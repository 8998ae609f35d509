// The memory of each soak process at a moment: RSS from /proc, and the V8 heap from the samples that
// memory-sampler.mjs (preloaded into every process) appends to <dir>/<pid>.jsonl.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLER = fileURLToPath(new URL('memory-sampler.mjs', import.meta.url));
const MiB = 1024 * 1024;

export interface MemoryMark {
  rss: number;
  /** The heap V8 has reserved: it grows to the size the allocation rate asks for. */
  heapTotal: number;
  /** Heap in use right after the last major GC: what the process keeps; 0 before the first one. */
  liveHeap: number;
}

/** The environment that makes a Node process sample its memory into `dir`. */
export function samplerEnv(dir: string, inherited = process.env.NODE_OPTIONS): Record<string, string> {
  return {
    NODE_OPTIONS: `${inherited ?? ''} --import ${SAMPLER}`.trim(),
    SKEIN_SOAK_MEMORY_DIR: dir,
    SKEIN_SOAK_MEMORY_INTERVAL_MS: '2000',
  };
}

export function readMemory(pid: number, dir: string): MemoryMark {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  const lines = readFileSync(join(dir, `${pid}.jsonl`), 'utf8')
    .trimEnd()
    .split('\n');
  const last = JSON.parse(lines.at(-1)!) as { heapTotal: number; heapAfterGc: number };
  return { rss, heapTotal: last.heapTotal, liveHeap: last.heapAfterGc };
}

const mib = (bytes: number): string => (bytes === 0 ? '—' : (bytes / MiB).toFixed(0));
const growth = (from: number, to: number): string =>
  `${to >= from ? '+' : '−'}${Math.round((Math.abs(to - from) / from) * 100)} %`;

/** One line per process: RSS, heap size and live heap at start → settled → end, and RSS growth over both spans. */
export function memoryTable(
  names: string[],
  start: MemoryMark[],
  settled: MemoryMark[],
  end: MemoryMark[],
  settledLabel: string,
): string[] {
  const series = (i: number, key: keyof MemoryMark): string =>
    `${mib(start[i]![key])} → ${mib(settled[i]![key])} → ${mib(end[i]![key])}`;
  const lines = [
    `memory MiB    start → ${settledLabel} → end`,
    `  ${''.padEnd(10)}  ${'RSS'.padEnd(17)} ${'growth'.padEnd(7)} ${`after ${settledLabel}`.padEnd(14)} ${'V8 heap size'.padEnd(17)} live heap`,
  ];
  for (let i = 0; i < names.length; i++) {
    lines.push(
      `  ${names[i]!.padEnd(10)}  ${series(i, 'rss').padEnd(17)} ${growth(start[i]!.rss, end[i]!.rss).padEnd(7)} ${growth(settled[i]!.rss, end[i]!.rss).padEnd(14)} ${series(i, 'heapTotal').padEnd(17)} ${series(i, 'liveHeap')}`,
    );
  }
  return lines;
}
