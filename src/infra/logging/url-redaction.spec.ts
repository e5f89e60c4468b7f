import { redactRequest, withoutSecrets } from './url-redaction';

describe('URLs in the request log', () => {
  const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx'.slice(0, 43);

  it('keep the path of an invitation link but not its token, nor the route parameters holding it', () => {
    expect(withoutSecrets(`/invitations/${token}`)).toBe('/invitations/[Redacted]');
    expect(withoutSecrets(`/invitations/${token}?x=1`)).toBe('/invitations/[Redacted]?x=1');
    expect(redactRequest({ url: `/invitations/${token}`, params: { path: ['invitations', token] } })).toEqual({
      url: '/invitations/[Redacted]',
      params: '[Redacted]',
    });
  });

  it('keep the path of a password reset link but not its token', () => {
    expect(withoutSecrets(`/password-reset/${token}`)).toBe('/password-reset/[Redacted]');
    expect(redactRequest({ url: `/password-reset/${token}`, params: { path: ['password-reset', token] } })).toEqual({
      url: '/password-reset/[Redacted]',
      params: '[Redacted]',
    });
  });

  it('leave every other request as it is', () => {
    for (const url of [
      '/invitations/respond',
      '/password-reset/sent',
      '/o/1/admin/users?notice=invitation-sent',
      `/reports/${token}x`,
    ]) {
      expect(withoutSecrets(url)).toBe(url);
      expect(redactRequest({ url, params: { path: ['reports'] } })).toEqual({ url, params: { path: ['reports'] } });
    }
  });
});
