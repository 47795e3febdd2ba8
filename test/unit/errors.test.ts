import { isDatabaseUnavailable, toAppError } from '../../src/platform/errors';
import { AppError } from '../../src/platform/errors';

describe('what counts as "the database is unavailable"', () => {
  it.each([
    ['pg: the server refuses', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pg: connecting timed out (server hangs)', new Error('timeout expired')],
    ['pg: a query timed out (server hangs)', new Error('select 1 - Query read timeout')],
    ['pg: the server shut down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['knex: no pooled connection in time', new Error('Knex: Timeout acquiring a connection. The pool is probably full.')],
    ['PGlite closed', new Error('PGlite is closed')],
  ])('%s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(toAppError(error).code).toBe('database_unavailable');
  });

  it('keeps bugs and Slack failures apart', () => {
    expect(toAppError(new TypeError('x is undefined')).code).toBe('internal');
    expect(toAppError(Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error' })).code).toBe('slack_unavailable');
    const refusal = new AppError('forbidden', { reason: () => 'no' });
    expect(toAppError(refusal)).toBe(refusal);
    expect(isDatabaseUnavailable(new Error('Slack says: timeout expired for your trial'))).toBe(false);
  });
});
