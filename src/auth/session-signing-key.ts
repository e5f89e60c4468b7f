import { createSecretKey, type KeyObject } from 'node:crypto';
import { type AppConfig } from '../infra/config/app-config';

/**
 * The key that signs and verifies session tokens, as a key object: given the secret as a string, jsonwebtoken first
 * tries (and fails) to parse it as a public key on every verification. The types of @nestjs/jwt and passport-jwt
 * predate key objects, which jsonwebtoken accepts; hence the Buffer its callers cast it to.
 */
export function sessionSigningKey(config: AppConfig): KeyObject {
  return createSecretKey(Buffer.from(config.authSecret));
}
