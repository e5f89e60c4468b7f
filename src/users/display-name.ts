import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString } from 'class-validator';
import { MaxTextLength } from '../common/input-fields';
import { foldedName } from '../common/text';
import { NotBlank } from '../common/validators';

export const DISPLAY_NAME_MAX_LENGTH = 100;

/**
 * A person's name (氏名) as it is stored: typed through an IME, 「山田 太郎」 with a full-width space (U+3000) or a plain
 * one, or 「ＴＡＮＡＫＡ」 and 「TANAKA」, are one name to a reader, so widths are folded and spaces made one, as
 * department names are (foldedName).
 */
export function storedDisplayName(typed: string): string {
  return foldedName(typed);
}

/** The name a person gives themselves (on registering by invitation, in アカウント設定), as it will be stored. */
export const DisplayNameInput = () =>
  applyDecorators(
    ApiProperty({ example: '旭川 太郎', maxLength: DISPLAY_NAME_MAX_LENGTH }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? storedDisplayName(value) : value)),
    IsString({ message: 'displayName is required' }),
    NotBlank(),
    MaxTextLength(DISPLAY_NAME_MAX_LENGTH),
  );
