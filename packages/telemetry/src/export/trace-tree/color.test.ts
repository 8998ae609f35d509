import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useColor } from './color.js';

test('colour follows the terminal unless FORCE_COLOR or NO_COLOR says otherwise', () => {
  assert.equal(useColor({}, true), true);
  assert.equal(useColor({}, false), false);
  assert.equal(useColor({ NO_COLOR: '1' }, true), false);
  assert.equal(useColor({ NO_COLOR: '' }, true), true);
  assert.equal(useColor({ FORCE_COLOR: '1' }, false), true);
  assert.equal(useColor({ FORCE_COLOR: '' }, false), true);
  assert.equal(useColor({ FORCE_COLOR: '0' }, true), false);
  assert.equal(useColor({ FORCE_COLOR: 'false' }, true), false);
  assert.equal(useColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false), true);
});
