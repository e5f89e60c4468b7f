import { HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

// A malformed id names nothing, so it gets the same 404 as an unknown one.
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** Documents a UUID path parameter; on a controller, one its handlers leave to the access guard (organizationId). */
export function ApiUuidParam(name: string): MethodDecorator & ClassDecorator {
  return ApiParam({ name, type: String, format: 'uuid' });
}

/** A UUID path parameter: 404 when malformed, documented as format uuid. */
export function UuidParam(name: string): ParameterDecorator {
  return (target, method, index) => {
    Param(name, uuid)(target, method, index);
    if (method !== undefined) ApiUuidParam(name)(target, method, Object.getOwnPropertyDescriptor(target, method)!);
  };
}
