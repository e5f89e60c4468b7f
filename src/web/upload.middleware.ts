import { type ExecutionContext, Injectable, type NestInterceptor, type NestMiddleware } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { type UploadedImportFile } from '../imports/imports.controller';
import { MAX_UPLOAD_BYTES } from '../imports/imports.dto';

/** The file read, or why a page's upload could not be read (too large, broken form), for the page to say so. */
export interface UploadRequest extends Request {
  file?: UploadedImportFile;
  uploadError?: unknown;
}

/**
 * Reads a page form's file upload (field `file`, at most MAX_UPLOAD_BYTES) before the CSRF check, which needs the
 * form's token from the body: a multipart body is otherwise read only by the route's interceptor, after the check.
 * A failed upload does not end the request here: the page shows what went wrong.
 */
@Injectable()
export class UploadMiddleware implements NestMiddleware {
  private readonly files: NestInterceptor = new (FileInterceptor('file', {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 },
    defParamCharset: 'utf8',
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
