import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NextFunction, Request, Response } from 'express';
import { ExtractJwt } from 'passport-jwt';
import { SignInRequiredException } from '../access/access.decorators';
import { TokenPayload } from './auth.service';
import { sessionTokenOf } from './session-cookie';

const bearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The token a request carries: an API client's bearer header, else a page's session cookie. */
export function requestTokenOf(request: Request): string | undefined {
  return bearer(request) ?? sessionTokenOf(request);
}

/**
 * The token a request carries (an API client's bearer header or a page's session cookie), for the checks made outside
 * Nest's controllers, where the access guard does not run.
 */
@Injectable()
export class RequestTokens {
  constructor(private readonly jwt: JwtService) {}

  /** The payload of the request's token when its signature and expiry hold; null without one or for any other. */
  verified(request: Request): TokenPayload | null {
    const token = requestTokenOf(request);
    if (!token) return null;
    try {
      return this.jwt.verify<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
  }

  /**
   * Refuses with 401, before its body is read, a request without a signed token: where reading a body is costly
   * (a 10 MB import), a client that never signed in must not take the turn of one who did. The session itself
   * (signed out? still a member?) is checked by the access guard as ever.
   */
  readonly signedInOnly = (request: Request, _response: Response, next: NextFunction): void =>
    next(this.verified(request) ? undefined : new SignInRequiredException());
}
