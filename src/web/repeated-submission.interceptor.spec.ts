import type { Request } from 'express';
import { submissionKey } from './repeated-submission.interceptor';

const sent = (body: Record<string, unknown>, overrides: Partial<Request> = {}) =>
  ({
    method: 'POST',
    path: '/o/1/reports/2/questions',
    cookies: { kpiv_session: 'one' },
    body,
    ...overrides,
  }) as Request;

describe('submissionKey', () => {
  const form = { _csrf: 'token-a', _submission: 'shown-1', '/body': '質問です', '/kind': 'question' };

  it('is the same for the same showing of a form sent again with the same content, whatever its CSRF token', () => {
    const reordered = { '/kind': 'question', '/body': '質問です', _submission: 'shown-1', _csrf: 'token-b' };
    expect(submissionKey(sent(reordered), 'shown-1')).toBe(submissionKey(sent(form), 'shown-1'));
  });

  it('differs for other content, another showing, another form or another session', () => {
    const key = submissionKey(sent(form), 'shown-1');
    expect(submissionKey(sent({ ...form, '/body': '別の質問です' }), 'shown-1')).not.toBe(key);
    expect(submissionKey(sent({ ...form, _submission: 'shown-2' }), 'shown-2')).not.toBe(key);
    expect(submissionKey(sent(form, { path: '/o/1/reports/3/questions' }), 'shown-1')).not.toBe(key);
    expect(submissionKey(sent(form, { cookies: { kpiv_session: 'two' } }), 'shown-1')).not.toBe(key);
  });
});
