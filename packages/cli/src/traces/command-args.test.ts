import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONNECTION_OPTIONS, parseCommandArgs, positiveInteger, queryApi } from './command-args.js';
import { CommandError } from './command-error.js';

function exitCodeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof CommandError) return err.exitCode;
    throw err;
  }
  return undefined;
}

test('unknown flags, missing values and stray arguments are command-line errors (exit 2)', () => {
  assert.equal(
    exitCodeOf(() => parseCommandArgs(['--colour'], CONNECTION_OPTIONS, false)),
    2,
  );
  assert.equal(
    exitCodeOf(() => parseCommandArgs(['--api'], CONNECTION_OPTIONS, false)),
    2,
  );
  assert.equal(
    exitCodeOf(() => parseCommandArgs(['abc'], CONNECTION_OPTIONS, false)),
    2,
  );
  const { values, positionals } = parseCommandArgs(['abc', '--token', 't'], CONNECTION_OPTIONS, true);
  assert.deepEqual(positionals, ['abc']);
  assert.equal(values.token, 't');
});

test('--limit takes a positive integer only', () => {
  assert.equal(positiveInteger('5', 'limit'), 5);
  assert.equal(positiveInteger(undefined, 'limit'), undefined);
  for (const bad of ['0', '-1', '1.5', 'ten'])
    assert.equal(
      exitCodeOf(() => positiveInteger(bad, 'limit')),
      2,
    );
});

test('--api must be a URL', () => {
  assert.equal(
    exitCodeOf(() => queryApi({ api: 'localhost 16686' })),
    2,
  );
  assert.equal(
    exitCodeOf(() => queryApi({ api: 'http://127.0.0.1:16686/' })),
    undefined,
  );
});
