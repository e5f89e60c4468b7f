import {
  createParamDecorator,
  type ExecutionContext,
  NotFoundException,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { type Role } from './role';
import { type Actor } from './actor';

export const ACCESS_RULE = 'access-rule';

/** Every route declares one of these; a route without one is refused (deny by default). */
export type AccessRule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'organization'; roles: Role[] };

/** No sign-in needed (login, health). */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** Any signed-in user, regardless of organization (own profile, logout). */
export const Authenticated = () => SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule);

/**
 * Route under /organizations/:organizationId that only the given roles of that organization may call.
 * Non-members get 404 (the organization's existence is not disclosed), members without the role 403.
 */
export const Allow = (...roles: Role[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'organization', roles } satisfies AccessRule);

export const LINK_SESSION_ALLOWED = 'link-session-allowed';

/**
 * The route may also be called by a session opened with an expert's one-click link (within its organization, report
 * and assignment only). Without it such a session is refused: deny by default.
 */
export const LinkSessionAllowed = () => SetMetadata(LINK_SESSION_ALLOWED, true);

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<Request>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without an access rule');
  return actor;
});

/**
 * 404 to the caller (the organization's existence is not disclosed), but audited as a denial with the real reason:
 * its administrators read why a known person was refused, not that their own organization was "not found".
 */
export class NotAMemberException extends NotFoundException {
  constructor(readonly auditedReason = 'The caller holds no role in this organization.') {
    super('Organization not found.');
  }
}

/**
 * 404 for a resource that exists but lies outside the caller's scope (another department's report, another
 * organization's id): answered like an unknown id, but audited as a denial.
 */
export class NotFoundInScopeException extends NotFoundException {}

/** The answer when a lookup within the caller's scope found nothing: a scope refusal if the resource exists at all. */
export async function notFoundInScope(existsAnywhere: Promise<boolean>, message: string): Promise<NotFoundException> {
  return (await existsAnywhere) ? new NotFoundInScopeException(message) : new NotFoundException(message);
}

/** What a request is told whose session ended (signed out, deactivated) while or before it ran. */
export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/**
 * 401 of the access gates: no live session on a route that needs one. Audited as a denial; a failed sign-in is not
 * one of these (the sign-in audits it itself).
 */
export class SignInRequiredException extends UnauthorizedException {
  /** `userId`: whose sign-in it was, when the token names one that has ended (the denial is then audited as theirs). */
  constructor(
    message = 'Sign-in required.',
    readonly userId: string | null = null,
  ) {
    super(message);
  }
}
