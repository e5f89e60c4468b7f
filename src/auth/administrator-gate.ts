import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { ExtractJwt } from 'passport-jwt';
import { UsersService } from '../users/users.service';
import { AuthService, TokenPayload } from './auth.service';
import { SESSION_COOKIE } from './session-cookie';

const bearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * For pages mounted outside Nest's controllers (the queue dashboard): the same token and session checks
 * as the access guard, then "administrator of some organization". 401 without a valid session, 403 otherwise.
 */
@Injectable()
export class AdministratorGate {
  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  async check(request: Request): Promise<200 | 401 | 403> {
    const token = bearer(request) ?? (request.cookies?.[SESSION_COOKIE] as string | undefined);
    if (!token) return 401;
    try {
      const payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
      const user = await this.auth.resolveSession(payload);
      return (await this.users.isAdministratorAnywhere(user.userId)) ? 200 : 403;
    } catch {
      return 401;
    }
  }
}
