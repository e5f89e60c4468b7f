import { applyDecorators } from '@nestjs/common';
import { type ClassConstructor, Type } from 'class-transformer';
import {
  IsObject,
  Matches,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

type Comparison = 'at-most' | 'at-least';

/**
 * Compares a number, or a moment, with a sibling property of the same object; passes while either is missing (drafts)
 * or is not of that kind (its own validators refuse it).
 */
function ComparedWithSibling(
  sibling: string,
  comparison: Comparison,
  defaultMessage: string,
  options?: ValidationOptions,
) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: comparison === 'at-most' ? 'notGreaterThan' : 'notLessThan',
      target: target.constructor,
      propertyName,
      constraints: [sibling],
      options: { message: `${propertyName} ${defaultMessage} ${sibling}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const [own, other] = [value, (args.object as Record<string, unknown>)[sibling]].map(comparable);
          if (own === undefined || other === undefined) return true;
          return comparison === 'at-most' ? own <= other : own >= other;
        },
      },
    });
}

function comparable(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return value instanceof Date ? value.getTime() : undefined;
}

/** e.g. うち交付金 ≤ 予算額 */
export const NotGreaterThan = (sibling: string, options?: ValidationOptions) =>
  ComparedWithSibling(sibling, 'at-most', 'must not exceed', options);

/** e.g. plan end ≥ plan start, the end of a period ≥ its start */
export const NotLessThan = (sibling: string, options?: ValidationOptions) =>
  ComparedWithSibling(sibling, 'at-least', 'must not be less than', options);

/**
 * Text that says something: spaces alone (the IME's full-width U+3000 too) count as nothing entered, since the services
 * store text trimmed and would keep it empty. Says `${property} is required` unless told, which the pages word
 * 「…を入力してください」.
 */
export const NotBlank = (message?: string) =>
  Matches(/\S/, { message: message ?? (({ property }) => `${property} is required`) });

/** A field that may be left out but not sent as null: unlike @IsOptional, null goes on to the other validators. */
export const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * A nested request object of `type`, or with `each` a list of them. @ValidateNested alone passes an array where the
 * object belongs (and a list inside a list), which would reach the services without any of its fields checked.
 */
export function NestedRequest(
  type: () => ClassConstructor<object>,
  options: { each?: boolean; message?: string } = {},
) {
  const each = options.each ?? false;
  return applyDecorators(
    IsObject({
      each,
      message: ({ property }) =>
        options.message ?? (each ? `each of ${property} must be an object` : `${property} must be an object`),
    }),
    ValidateNested({ each }),
    Type(type),
  );
}

/** A list that pairs item by item with a sibling list (e.g. the version read of each report named); passes when absent. */
export const SameLengthAs =
  (sibling: string): PropertyDecorator =>
  (target, property) =>
    registerDecorator({
      name: 'sameLengthAs',
      target: target.constructor,
      propertyName: String(property),
      constraints: [sibling],
      options: { message: `${String(property)} must have one item for each of ${sibling}` },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[sibling];
          return !Array.isArray(value) || !Array.isArray(other) || value.length === other.length;
        },
      },
    });
