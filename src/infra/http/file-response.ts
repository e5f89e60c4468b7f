import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** A download: the body is the file itself, in one of the given media types. */
export function ApiFileResponse(...mediaTypes: string[]): MethodDecorator {
  return applyDecorators(
    ApiProduces(...mediaTypes),
    ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } }),
  );
}

/** Content-Disposition with the Japanese name for browsers (RFC 6266 filename*) and an ASCII fallback for the rest. */
export function contentDisposition(disposition: 'attachment' | 'inline', name: string, fallback: string): string {
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${extendedValue(name)}`;
}

/**
 * The name as an RFC 5987 value. encodeURIComponent leaves ' ( ) * as they are, which its attr-char does not allow:
 * a parser that follows the grammar would cut the name short or drop it.
 */
function extendedValue(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
