import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { AppConfig } from '../infra/config/app-config';
import { AuthenticatedUser } from '../access/actor';
import { organizationNamedBy } from './access.guard';
import { AuthService, TokenPayload } from './auth.service';
import { requestTokenOf } from './request-tokens';
import { sessionSigningKey } from './session-signing-key';

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
      secretOrKey: sessionSigningKey(config) as unknown as Buffer,
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
