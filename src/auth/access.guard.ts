import {
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { Role } from '../access/role';
import {
  ACCESS_RULE,
  AccessRule,
  LINK_SESSION_ALLOWED,
  NotAMemberException,
  NotFoundInScopeException,
  SignInRequiredException,
} from '../access/access.decorators';
import { AuthenticatedUser, SessionScope } from '../access/actor';
import { requestIdOf } from '../infra/http/request-id';
import { CsrfProtection } from './csrf-protection';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organization a route under /organizations/:organizationId names, if its id is well-formed. */
export function organizationNamedBy(request: Request): string | undefined {
  const organizationId = request.params?.organizationId;
  return typeof organizationId === 'string' && UUID.test(organizationId) ? organizationId : undefined;
}

/**
 * The single server-side gate, registered globally: authenticates the caller (refusing a forged cookie request),
 * then applies the route's declared access rule, resolving the caller's roles in the organization named by the URL.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly csrf: CsrfProtection,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Deny by default: a route that forgot to declare who may call it is closed, not open.
    if (!rule) throw new ForbiddenException('This route declares no access rule.');
    const request = context.switchToHttp().getRequest<Request>();
    if (rule.kind === 'public') {
      this.csrf.assertPublicFormNotForged(request);
      return true;
    }

    // Sign-in first: a form sent after the sign-in ended is answered by asking to sign in again, not as forged.
    await super.canActivate(context);
    this.csrf.assertNotForged(request);
    const user = request.user as AuthenticatedUser;
    const origin = { requestId: requestIdOf(request), ipAddress: request.ip ?? '' };
    if (user.scope) return this.admitLinkSession(context, request, rule, user, user.scope, origin);
    if (rule.kind === 'authenticated') {
      request.actor = { ...user, ...origin, roles: [], departmentIds: [] };
      return true;
    }

    const organizationId = organizationNamedBy(request);
    if (!organizationId) throw new NotFoundException('Organization not found.');
    // Read with the session (JwtStrategy), in the same query.
    const memberships = user.memberships ?? [];
    if (memberships.length === 0) throw new NotAMemberException();
    const roles = [...new Set(memberships.map((membership) => membership.role))];
    if (!rule.roles.some((role) => roles.includes(role))) {
      throw new ForbiddenException(
        `This action needs one of these roles in the organization: ${rule.roles.join(', ')}.`,
      );
    }
    request.actor = {
      ...user,
      ...origin,
      organizationId,
      roles,
      departmentIds: memberships
        .filter((m) => m.role === Role.ProjectOwner && m.departmentId)
        .map((m) => m.departmentId!),
    };
    return true;
  }

  /**
   * A session opened by an expert's one-click link: only routes that opt in, only its organization, report and
   * assignment, and only as the external expert it was opened for (no other role of the same person counts).
   */
  private admitLinkSession(
    context: ExecutionContext,
    request: Request,
    rule: AccessRule,
    user: AuthenticatedUser,
    scope: SessionScope,
    origin: { requestId: string; ipAddress: string },
  ): boolean {
    const allowed = this.reflector.getAllAndOverride<boolean | undefined>(LINK_SESSION_ALLOWED, [
      context.getHandler(),
      context.getClass(),
    ]);
    const actor = { ...user, ...origin, roles: [Role.ExternalExpert], departmentIds: [], linkScope: scope };
    // Known even when refused: the error page then offers this session's menu and its way back to the report.
    request.actor = actor;
    if (!allowed)
      throw new ForbiddenException(
        'This session was opened by a one-click link and may only act on its assignment. Sign in to do anything else.',
      );
    if (rule.kind === 'authenticated') return true;
    const { organizationId, reportId, assignmentId } = request.params;
    if (organizationId !== scope.organizationId)
      throw new NotAMemberException('This one-click link session was opened for another organization.');
    if (reportId !== scope.reportId || (assignmentId !== undefined && assignmentId !== scope.assignmentId))
      throw new NotFoundInScopeException('Not found within what this link opens.');
    if (rule.kind !== 'organization' || !rule.roles.includes(Role.ExternalExpert))
      throw new ForbiddenException('This action is not open to a one-click link session.');
    // Still an expert of the organization: a link outlives no membership.
    if (!user.memberships?.some((membership) => membership.role === Role.ExternalExpert))
      throw new NotAMemberException('The caller no longer holds the external expert role in this organization.');
    request.actor = { ...actor, organizationId };
    return true;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // Passport passes on whatever the strategy failed with; our strategy only throws Errors (401 for an ended session).
    if (error instanceof SignInRequiredException) throw error;
    if (error instanceof UnauthorizedException) throw new SignInRequiredException(error.message);
    if (error) throw error instanceof Error ? error : new Error('Authentication failed.', { cause: error });
    if (!user) throw new SignInRequiredException();
    return user;
  }
}
