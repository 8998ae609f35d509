import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import { Context } from './context.js';

// The response helpers are proven over real sockets in app.test.ts; these cases need no I/O.
function contextFor(rawQuery: string): { ctx: Context } {
  const req = {} as IncomingMessage;
  const res = {} as ServerResponse;
  return { ctx: new Context(req, res, '/x', {}, rawQuery, pino({ level: 'silent' }), undefined) };
}

describe('Context', () => {
  it('parses the query on first access only, repeated names as arrays', () => {
    const { ctx } = contextFor('tag=a&tag=b&q=hello%20world');
    const first = ctx.query;
    assert.deepEqual({ ...first }, { tag: ['a', 'b'], q: 'hello world' });
    assert.equal(ctx.query, first);
  });

  it('gives an empty query for an empty query string', () => {
    assert.deepEqual({ ...contextFor('').ctx.query }, {});
  });

  it('creates ctx.state on first use and keeps it', () => {
    const { ctx } = contextFor('');
    ctx.state.user = 'ada';
    assert.equal(ctx.state.user, 'ada');
  });
});
