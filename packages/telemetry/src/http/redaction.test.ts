import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDACTED_QUERY_PARAMS } from '../config/telemetry-config.js';
import { UrlRedactor } from './redaction.js';

const redactor = new UrlRedactor(DEFAULT_REDACTED_QUERY_PARAMS);

describe('UrlRedactor', () => {
  it('replaces the values of secret query parameters with REDACTED', () => {
    assert.equal(
      redactor.redactQuery('q=shoes&token=abc&page=2&API_KEY=k&password=&access_token=t'),
      'q=shoes&token=REDACTED&page=2&API_KEY=REDACTED&password=REDACTED&access_token=REDACTED',
    );
  });

  it('returns a query without secrets unchanged', () => {
    assert.equal(
      redactor.redactQuery('q=shoes&page=2&keyboard=1&tokenizer'),
      'q=shoes&page=2&keyboard=1&tokenizer',
    );
  });

  it('recognises percent-encoded parameter names', () => {
    assert.equal(redactor.redactQuery('api%5Fkey=k'), 'api%5Fkey=REDACTED');
  });

  it('redacts the keys the HTTP semantic conventions list for url.query, in any case', () => {
    assert.equal(
      redactor.redactUrl(
        'https://bucket.s3.amazonaws.com/o?AWSAccessKeyId=AKIA&Signature=s1&Expires=1&sig=s2&X-Goog-Signature=s3&X-Amz-Credential=c&X-Amz-Security-Token=t',
      ),
      'https://bucket.s3.amazonaws.com/o?AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1&sig=REDACTED&X-Goog-Signature=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Security-Token=REDACTED',
    );
  });

  it('honours a configured list', () => {
    assert.equal(new UrlRedactor(['Code']).redactQuery('code=1&token=2'), 'code=REDACTED&token=2');
  });

  it('redacts credentials and secret query values of a full URL, keeping the fragment', () => {
    assert.equal(
      redactor.redactUrl('https://user:pw@api.example.com:8443/v1/x?secret=s&a=1#frag'),
      'https://REDACTED:REDACTED@api.example.com:8443/v1/x?secret=REDACTED&a=1#frag',
    );
    assert.equal(redactor.redactUrl('http://127.0.0.1:80/p?a=1'), 'http://127.0.0.1:80/p?a=1');
  });
});
