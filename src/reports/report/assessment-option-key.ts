import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MaxTextLength } from '../../common/input-fields';

/**
 * A request field naming one of the organization's options of ⑥–⑧ by its key. Which keys exist is the organization's
 * (checked by AssessmentOptions); the national options' keys are the kinds, so `kinds` serve as the example.
 */
export function AssessmentOptionKey(title: string, kinds: Record<string, string>, { optional = false } = {}) {
  const values = Object.values(kinds);
  const description = `${title}: the key of one of the organization's active options (GET …/assessment-options); the national options' keys are ${values.join(', ')}`;
  return applyDecorators(
    optional
      ? ApiPropertyOptional({ type: String, nullable: true, example: values[0], description })
      : ApiProperty({ type: String, example: values[0], description }),
    ...(optional ? [IsOptional()] : [IsNotEmpty({ message: ({ property }) => `${property} is required` })]),
    IsString({ message: ({ property }) => `${property} must be the key of an option` }),
    MaxTextLength(100, { message: ({ property }) => `${property} is not the key of an option` }),
  );
}
