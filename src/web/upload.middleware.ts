import { type ExecutionContext, Injectable, type NestInterceptor, type NestMiddleware } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { type UploadedImportFile, UPLOAD_OPTIONS } from '../imports/imports.controller';
import { MAX_PASTED_CHARACTERS, MAX_PROJECT_CHOICES } from '../imports/imports.dto';

/**
 * The longest form field: the import page's pasted sheet, which multer's default (1 MB) would refuse long before the
 * text reaches its own limit. A character takes at most 3 bytes in UTF-8 (one of a surrogate pair at most 2).
 */
const MAX_FIELD_BYTES = MAX_PASTED_CHARACTERS * 3;

/**
 * The most fields a page form sends: the import page's dry run sends up to three per report (link or new, the
 * proposed project, the new project's department) for as many reports as the import takes choices for, and a few of
 * its own. Nest's default (1,000 parts) refused an import of some 330 proposed links.
 */
export const MAX_FORM_PARTS = 3 * MAX_PROJECT_CHOICES + 100;

/** The file read, or why a page's upload could not be read (too large, broken form), for the page to say so. */
export interface UploadRequest extends Request {
  file?: UploadedImportFile;
  uploadError?: unknown;
}

/**
 * Reads a page form's file upload (field `file`, at most MAX_UPLOAD_BYTES, as the API does) before the CSRF check, which needs the
 * form's token from the body: a multipart body is otherwise read only by the route's interceptor, after the check.
 * A failed upload does not end the request here: the page shows what went wrong.
 */
@Injectable()
export class UploadMiddleware implements NestMiddleware {
  private readonly files: NestInterceptor = new (FileInterceptor('file', {
    ...UPLOAD_OPTIONS,
    limits: { ...UPLOAD_OPTIONS.limits, fieldSize: MAX_FIELD_BYTES, parts: MAX_FORM_PARTS },
  }))();

  async use(request: UploadRequest, response: Response, next: NextFunction): Promise<void> {
    const context = {
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
    } as ExecutionContext;
    try {
      await lastValueFrom(await this.files.intercept(context, { handle: () => of(null) }));
    } catch (error) {
      request.uploadError = error;
    }
    next();
  }
}
