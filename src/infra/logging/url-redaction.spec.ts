import { requestLogRecord, withoutSecrets } from './url-redaction';

describe('URLs in the request log', () => {
  const request = (url: string) => ({
    id: 'r1',
    method: 'GET',
    url,
    remoteAddress: '127.0.0.1',
    headers: { 'user-agent': 'test', cookie: 'session=secret' },
    params: { path: url.split('/') },
  });
  const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx'.slice(0, 43);

  it('keep the path of an invitation link but not its token, nor the route parameters holding it', () => {
    expect(withoutSecrets(`/invitations/${token}`)).toBe('/invitations/[Redacted]');
    expect(withoutSecrets(`/invitations/${token}?x=1`)).toBe('/invitations/[Redacted]?x=1');
    expect(JSON.stringify(requestLogRecord(request(`/invitations/${token}`)))).not.toContain(token);
  });

  it('keep the path of a password reset link but not its token', () => {
    expect(withoutSecrets(`/password-reset/${token}`)).toBe('/password-reset/[Redacted]');
    expect(JSON.stringify(requestLogRecord(request(`/password-reset/${token}`)))).not.toContain(token);
  });

  it("keep the path of an expert's one-click link but not its token", () => {
    expect(withoutSecrets(`/review-links/${token}`)).toBe('/review-links/[Redacted]');
    expect(JSON.stringify(requestLogRecord(request(`/review-links/${token}`)))).not.toContain(token);
  });

  it('leave every other request as it is', () => {
    for (const url of [
      '/invitations/respond',
      '/password-reset/sent',
      '/o/1/admin/users?notice=invitation-sent',
      `/reports/${token}x`,
    ]) {
      expect(withoutSecrets(url)).toBe(url);
      expect(requestLogRecord(request(url)).url).toBe(url);
    }
  });
});

describe('A request log line', () => {
  it('names the request without its headers: no cookie, no authorization, a few fields only', () => {
    const record = requestLogRecord({
      id: 'r1',
      method: 'GET',
      url: '/health',
      remoteAddress: '127.0.0.1',
      headers: { 'user-agent': 'curl/8', cookie: 'session=secret', authorization: 'Bearer secret' },
    });
    expect(record).toEqual({
      id: 'r1',
      method: 'GET',
      url: '/health',
      remoteAddress: '127.0.0.1',
      userAgent: 'curl/8',
    });
  });
});
