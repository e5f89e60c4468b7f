import { ForbiddenException, HttpException, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { ExtractJwt } from 'passport-jwt';
import { SignInRequiredException } from '../access/access.decorators';
import { AuthenticatedUser } from '../access/actor';
import { PlatformOperators } from '../users/platform-operators';
import { AuthService, TokenPayload } from './auth.service';
import { sessionTokenOf } from './session-cookie';

const bearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * For pages mounted outside Nest's controllers (the queue dashboard, which shows and controls the jobs of every
 * municipality): the same token and session checks as the access guard, then "platform operator" — never an
 * organization's administrator as such.
 */
@Injectable()
export class PlatformOperatorGate {
  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly operators: PlatformOperators,
  ) {}

  /** Null when the caller may pass; otherwise the refusal: 401 without a live session, 403 for anyone else. */
  async refusal(request: Request): Promise<HttpException | null> {
    const token = bearer(request) ?? sessionTokenOf(request);
    if (!token) return new SignInRequiredException();
    let user: AuthenticatedUser;
    try {
      const payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
      user = await this.auth.resolveSession(payload);
    } catch {
      return new SignInRequiredException();
    }
    // As passport does for the access guard, so a refusal is audited under the caller's name.
    request.user = user;
    if (await this.operators.isOperator(user.userId)) return null;
    return new ForbiddenException('Only platform operators may open the queue dashboard.');
  }
}
