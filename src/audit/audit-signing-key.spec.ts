import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../infra/config/app-config';
import { publicKeyPem } from './audit-checkpoint';
import { AuditSigningKey } from './audit-signing-key';

describe('the key that signs audit checkpoints', () => {
  const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const withSecret = (secret: string) => new AuditSigningKey(loadConfig({ AUTH_SECRET: secret }));

  beforeEach(() => warnings.mockClear());
  afterAll(() => warnings.mockRestore());

  it('is AUDIT_SIGNING_KEY when set, without a warning', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const key = new AuditSigningKey(
      loadConfig({ AUDIT_SIGNING_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() }),
    );
    expect(key.publicKey().pem).toBe(publicKeyPem(privateKey));
    expect(warnings).not.toHaveBeenCalled();
  });

  it('is derived from AUTH_SECRET when unset, the same on every start, and a log line says so once', () => {
    const secret = 'a'.repeat(40);
    const key = withSecret(secret);
    const { pem } = key.publicKey();
    key.publicKey();
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings).toHaveBeenCalledWith(
      expect.stringMatching(
        /^AUDIT_SIGNING_KEY is not set: .*derived from AUTH_SECRET.*openssl genpkey -algorithm ed25519/,
      ),
    );
    expect(withSecret(secret).publicKey().pem).toBe(pem);
    expect(withSecret('b'.repeat(40)).publicKey().pem).not.toBe(pem);
  });
});
