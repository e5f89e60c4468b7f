import { type HttpStatus } from '@nestjs/common';
import {
  ApiResponse,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorBodyWith = (details: SchemaObject): SchemaObject => ({
  allOf: [ref('ErrorBody'), { type: 'object', required: ['details'], properties: { details } }],
});

/** The bodies HttpExceptionFilter sends (ErrorBody), and the two shapes of `details` that several routes share. */
const ERROR_SCHEMAS: Record<string, SchemaObject> = {
  ErrorBody: {
    type: 'object',
    description: 'Every refusal and error of the API has this body.',
    required: ['statusCode', 'error', 'message', 'requestId'],
    properties: {
      statusCode: { type: 'integer', example: 400 },
      error: { type: 'string', description: 'The reason phrase of the status.', example: 'Bad Request' },
      message: { type: 'string', description: 'What was refused and why, for a person.' },
      details: {
        description:
          'What the refusal names, where it names something: a list of FieldError (InvalidFieldsError), `{currentVersion}` (StaleVersionError), or what the route describes.',
      },
      requestId: { type: 'string', description: 'Also sent as X-Request-Id; quote it when reporting a problem.' },
    },
  },
  FieldError: {
    type: 'object',
    required: ['path', 'message'],
    properties: {
      path: { type: 'string', description: 'JSON pointer of the field refused.', example: '/budgetLines/2/amount' },
      message: { type: 'string' },
    },
  },
  InvalidFieldsError: errorBodyWith({ type: 'array', items: ref('FieldError') }),
  StaleVersionError: errorBodyWith({
    type: 'object',
    required: ['currentVersion'],
    properties: { currentVersion: { type: 'integer', description: 'The version now stored; read it again.' } },
  }),
};

type ErrorSchema = keyof typeof ERROR_SCHEMAS;

/** A refusal whose `details` lists the fields or items refused (FieldError, path and message). */
export function ApiInvalidFieldsResponse(
  status: HttpStatus.BAD_REQUEST | HttpStatus.CONFLICT | HttpStatus.UNPROCESSABLE_ENTITY,
  description: string,
): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, schema: ref('InvalidFieldsError') });
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The refusals any operation of its kind can meet, so that no route has to list them by hand. */
function commonRefusals(operation: OperationObject): [number, ErrorSchema, string][] {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  // A malformed UUID in the path names nothing (404); other path parameters (a fiscal year, an ordinal) are read.
  const validated =
    operation.requestBody !== undefined ||
    parameters.some((parameter) => parameter.in === 'query') ||
    pathParameters.some((parameter) => (parameter.schema as SchemaObject | undefined)?.format !== 'uuid');
  const signedIn = (operation.security ?? []).length > 0;
  return [
    ...(validated
      ? [[400, 'InvalidFieldsError', 'Invalid input (a field, a query or path parameter); details list the fields.']]
      : []),
    ...(signedIn ? [[401, 'ErrorBody', 'No live session or token.']] : []),
    ...(signedIn ? [[403, 'ErrorBody', 'Not allowed to the caller’s roles here.']] : []),
    ...(pathParameters.length > 0
      ? [[404, 'ErrorBody', 'Nothing of that id, or outside the caller’s scope (another organization, department).']]
      : []),
  ] as [number, ErrorSchema, string][];
}

/**
 * Adds the error bodies to the document and, to every operation, the refusals common to its kind (commonRefusals),
 * keeping what a route declares itself; a refusal a route declares without a body gets ErrorBody.
 */
export function documentErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...ERROR_SCHEMAS } };
  for (const item of Object.values(document.paths))
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const [status, schema, description] of commonRefusals(operation))
        operation.responses[status] ??= { description, content: { 'application/json': { schema: ref(schema) } } };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const declared = response as ResponseObject;
        declared.content ??= { 'application/json': { schema: ref('ErrorBody') } };
      }
    }
  return document;
}
