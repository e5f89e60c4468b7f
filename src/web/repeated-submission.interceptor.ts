import {
  type CallHandler,
  ConflictException,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { finalize, type Observable, of } from 'rxjs';
import { CSRF_FIELD } from '../auth/csrf-protection';
import { sessionTokenOf, setsSessionCookie } from '../auth/session-cookie';
import { textOf } from '../common/text';
import { FormSubmissions } from './form-submissions';
import { type UploadRequest } from './upload.middleware';

/** The hidden field every page form carries: an id of that one showing of the form (see views/macros/forms.njk). */
export const SUBMISSION_FIELD = '_submission';

/**
 * The same form, shown once, sent again with the same content by the same session: a double click, a second press
 * while the first is slow, a page sent again from the browser's history. A form sent back with other content (edited
 * after going back) is a new send.
 */
export function submissionKey(request: UploadRequest, submission: string): string {
  const body = request.body as Record<string, unknown>;
  const content = Object.entries(body)
    .filter(([name]) => name !== CSRF_FIELD && name !== SUBMISSION_FIELD)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256')
    .update(JSON.stringify([sessionTokenOf(request) ?? '', request.method, request.path, submission, content]))
    .update(request.file?.buffer ?? '')
    .digest('base64url');
  return `submission:${digest}`;
}

/**
 * Carries out a page form once however often it is sent: a repeat waits for the first and is sent where the first
 * went, with the same notice, so a double click asks no question twice and creates nothing twice, and the second
 * click does not end on a refusal of what the first just did. Only forms that succeed by sending the browser on
 * (post/redirect/get) are remembered; a form shown again with its errors may be sent again as it is. It acts on
 * requests that carry SUBMISSION_FIELD, which only the pages' forms do.
 */
@Injectable()
export class RepeatedSubmissionInterceptor implements NestInterceptor {
  constructor(private readonly submissions: FormSubmissions) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const submission = textOf((request.body as Record<string, unknown> | undefined)?.[SUBMISSION_FIELD]);
    if (request.method !== 'POST' || !submission) return next.handle();
    const key = submissionKey(request, submission);
    const turn = await this.submissions.begin(key);
    if (turn.kind === 'repeat') {
      response.redirect(HttpStatus.SEE_OTHER, turn.location);
      return of(undefined);
    }
    if (turn.kind === 'busy')
      throw new ConflictException('The same form is still being processed; reload the page to see its outcome.');
    return next.handle().pipe(finalize(() => void this.settle(key, response)));
  }

  private settle(key: string, response: Response): Promise<void> {
    const location = response.getHeader('location');
    const redirected = response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string';
    // A sign-in (or sign-out) cannot be repeated by a redirect alone: the browser may keep only the repeat's answer,
    // so the repeat signs in itself. Other cookies may stay as the repeat finds them: answering an invitation clears
    // the one holding its link, which leads only to that invitation, now answered, and expires within the hour.
    if (redirected && !setsSessionCookie(response)) return this.submissions.done(key, location);
    return this.submissions.release(key);
  }
}
