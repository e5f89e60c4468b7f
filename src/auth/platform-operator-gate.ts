import { ForbiddenException, HttpException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SignInRequiredException } from '../access/access.decorators';
import { AuthenticatedUser } from '../access/actor';
import { PlatformOperators } from '../users/platform-operators';
import { AuthService } from './auth.service';
import { RequestTokens } from './request-tokens';

/**
 * For pages mounted outside Nest's controllers (the queue dashboard, which shows and controls the jobs of every
 * municipality): the same token and session checks as the access guard, then "platform operator" — never an
 * organization's administrator as such.
 */
@Injectable()
export class PlatformOperatorGate {
  constructor(
    private readonly tokens: RequestTokens,
    private readonly auth: AuthService,
    private readonly operators: PlatformOperators,
  ) {}

  /** Null when the caller may pass; otherwise the refusal: 401 without a live session, 403 for anyone else. */
  async refusal(request: Request): Promise<HttpException | null> {
    const payload = this.tokens.verified(request);
    if (!payload) return new SignInRequiredException();
    let user: AuthenticatedUser;
    try {
      user = await this.auth.resolveSession(payload);
    } catch (error) {
      // An ended sign-in says whose it was, for the denial's entry.
      return error instanceof SignInRequiredException ? error : new SignInRequiredException();
    }
    // As passport does for the access guard, so a refusal is audited under the caller's name.
    request.user = user;
    if (await this.operators.isOperator(user.userId)) return null;
    return new ForbiddenException('Only platform operators may open the queue dashboard.');
  }
}
