import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** A download: the body is the file itself, in one of the given media types. */
export function ApiFileResponse(...mediaTypes: string[]): MethodDecorator {
  return applyDecorators(
    ApiProduces(...mediaTypes),
    ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } }),
  );
}
