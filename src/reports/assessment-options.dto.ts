import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { MaxTextLength } from '../common/input-fields';
import { CONTENT_CHECKSUM } from '../common/content-checksum';
import { NestedRequest, Omittable } from '../common/validators';
import {
  type AssessmentChoice,
  AssessmentScale,
  builtInWording,
  choicesChecksum,
  kindsOf,
  MAX_FORM_TEXT_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_OPTIONS,
  SCALE_TITLES,
} from './report/assessment-choices';

export class AssessmentOptionRequest {
  @ApiPropertyOptional({ description: 'the key of an option of the list; leave it out to add a new option' })
  @Omittable()
  @IsString({ message: 'key must be the key of an option' })
  @MaxTextLength(100, { message: 'key is not the key of an option' })
  key?: string;

  @ApiPropertyOptional({
    description:
      'the national kind it counts as (a value of the list: ⑥ and ⑦ very_effective…not_effective, ⑧ continue, expand, end, revise, stop); required for a new option, an option of the list keeps its kind and may leave it out',
  })
  @Omittable()
  @IsString({ message: 'kind is required' })
  @MaxTextLength(100, { message: 'kind is not a kind of this list' })
  kind?: string;

  @ApiProperty({ example: '現状通り事業継続', description: 'the wording reports show' })
  @IsString({ message: 'label is required' })
  @MaxTextLength(MAX_LABEL_LENGTH, { message: `label may be at most ${MAX_LABEL_LENGTH} characters` })
  label: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: '⑧ only: the long wording of the form’s cell (empty: the label)',
  })
  @IsOptional()
  @IsString({ message: 'formText must be text' })
  @MaxTextLength(MAX_FORM_TEXT_LENGTH, { message: `formText may be at most ${MAX_FORM_TEXT_LENGTH} characters` })
  formText?: string | null;

  @ApiPropertyOptional({ description: 'no longer offered; reports decided with it keep it' })
  @Omittable()
  @IsBoolean({ message: 'retired must be true or false' })
  retired?: boolean;
}

/** The whole list in its order: every current option (retire one instead of leaving it out) and any new ones. */
export class AssessmentOptionsRequest {
  @ApiProperty({ type: [AssessmentOptionRequest] })
  @IsArray({ message: 'options must be a list' })
  @ArrayMaxSize(MAX_OPTIONS, { message: `a list may hold at most ${MAX_OPTIONS} options` })
  @NestedRequest(() => AssessmentOptionRequest, { each: true })
  options: AssessmentOptionRequest[];

  @ApiProperty({
    description:
      'the checksum of the list you read (GET); if the list was saved since, 409 (the checksum now in `details.checksum`) and nothing is saved',
  })
  @Matches(CONTENT_CHECKSUM, { message: 'checksum must be the checksum of the list you read' })
  checksum: string;
}

export class AssessmentOptionView {
  @ApiProperty({ example: 'continue' }) key: string;
  @ApiProperty({ example: 'continue', description: 'the national kind it counts as' }) kind: string;
  @ApiProperty({ example: '事業の継続', description: 'the national wording of the kind' }) kindLabel: string;
  @ApiProperty({ example: '現状通り事業継続' }) label: string;
  @ApiProperty({ description: '⑧: the long wording of the form’s cell; the label on the other lists' })
  formText: string;
  @ApiProperty() retired: boolean;
}

export class AssessmentKindView {
  @ApiProperty({ example: 'continue' }) kind: string;
  @ApiProperty({ example: '事業の継続', description: 'the national wording' }) label: string;
}

export class AssessmentScaleView {
  @ApiProperty({ enum: AssessmentScale }) scale: AssessmentScale;
  @ApiProperty({ example: '⑧ 今後の方針' }) title: string;
  @ApiProperty({ description: 'false while the organization uses the national list' }) customized: boolean;
  @ApiProperty({ type: [AssessmentKindView], description: 'the national kinds an option may count as' })
  kinds: AssessmentKindView[];
  @ApiProperty({ type: [AssessmentOptionView] }) options: AssessmentOptionView[];
  @ApiProperty({ description: 'the list as read, in one value: send it back with the list you save' })
  checksum: string;

  static from(scale: AssessmentScale, choices: AssessmentChoice[], customized: boolean): AssessmentScaleView {
    return {
      scale,
      title: SCALE_TITLES[scale],
      customized,
      kinds: kindsOf(scale).map((kind) => ({ kind, label: builtInWording(scale, kind).label })),
      options: choices.map((choice) => ({
        key: choice.key,
        kind: choice.kind,
        kindLabel: builtInWording(scale, choice.kind).label,
        label: choice.label,
        formText: choice.formText,
        retired: choice.retired,
      })),
      checksum: choicesChecksum(choices),
    };
  }
}
