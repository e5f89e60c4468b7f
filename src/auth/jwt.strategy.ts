import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { createSecretKey } from 'node:crypto';
import { Strategy } from 'passport-jwt';
import { AppConfig } from '../infra/config/app-config';
import { AuthenticatedUser } from '../access/actor';
import { organizationNamedBy } from './access.guard';
import { AuthService, TokenPayload } from './auth.service';
import { requestTokenOf } from './request-tokens';

/**
 * Accepts the token from an Authorization: Bearer header (API clients) or the session cookie (web pages); a cookie
 * request that changes something must also carry the CSRF token (CsrfProtection, checked by the AccessGuard).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: (request: Request) => requestTokenOf(request) ?? null,
      // Given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every request; a key object
      // made once skips that. passport-jwt's types predate key objects, which jsonwebtoken accepts.
      secretOrKey: createSecretKey(Buffer.from(config.authSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      // The organization the route names: the caller's memberships there are read with the session.
      passReqToCallback: true,
    });
  }

  validate(request: Request, payload: TokenPayload): Promise<AuthenticatedUser> {
    return this.auth.resolveSession(payload, organizationNamedBy(request));
  }
}
