import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MaxTextLength } from '../../common/input-fields';
import { CONTENT_CHECKSUM, contentChecksum } from '../../common/content-checksum';
import { NestedRequest } from '../../common/validators';
import {
  MAX_REMINDER_BODY_LENGTH,
  MAX_REMINDER_SUBJECT_LENGTH,
  REMINDER_KIND_LABELS,
  REMINDER_PLACEHOLDERS,
  ReminderKind,
} from './reminder-templates';
import { type ReminderTemplateValues } from './reminder-templates.repository';
import { MAX_REMINDER_OFFSET } from './review-settings.entity';
import { type ReviewSettingsValues } from './review-settings.repository';

export const MAX_REMINDER_DAYS = 20;
export const MIN_LINK_VALID_DAYS = 1;
export const MAX_LINK_VALID_DAYS = 365;

export class ReminderTextRequest {
  @ApiProperty({ example: '【リマインダー】{{事業名}}({{年度}})(期限 {{期限}})' })
  @IsString({ message: 'subject is required' })
  @MaxTextLength(MAX_REMINDER_SUBJECT_LENGTH, {
    message: `subject may be at most ${MAX_REMINDER_SUBJECT_LENGTH} characters`,
  })
  subject: string;

  @ApiProperty({ example: '{{氏名}}様 {{事業名}}({{年度}})への意見の期限は{{期限}}です。' })
  @IsString({ message: 'body is required' })
  @MaxTextLength(MAX_REMINDER_BODY_LENGTH, { message: `body may be at most ${MAX_REMINDER_BODY_LENGTH} characters` })
  body: string;
}

const TEMPLATE_DESCRIPTION =
  'the wording of this reminder; null returns to the default wording, leaving it out keeps the current one';

/** The wording of each reminder kind; placeholders: {{氏名}} {{事業名}} {{年度}} {{期限}} {{残り日数}} {{超過日数}}. */
export class ReminderTemplatesRequest {
  @ApiPropertyOptional({ type: ReminderTextRequest, nullable: true, description: TEMPLATE_DESCRIPTION })
  @IsOptional()
  @NestedRequest(() => ReminderTextRequest)
  before?: ReminderTextRequest | null;

  @ApiPropertyOptional({ type: ReminderTextRequest, nullable: true, description: TEMPLATE_DESCRIPTION })
  @IsOptional()
  @NestedRequest(() => ReminderTextRequest)
  due_today?: ReminderTextRequest | null;

  @ApiPropertyOptional({ type: ReminderTextRequest, nullable: true, description: TEMPLATE_DESCRIPTION })
  @IsOptional()
  @NestedRequest(() => ReminderTextRequest)
  after_due?: ReminderTextRequest | null;
}

export class ReviewSettingsRequest {
  @ApiProperty({
    type: [Number],
    example: [-7, -3, 0, 1, 3],
    description: `days relative to the due date on which experts are reminded (−${MAX_REMINDER_OFFSET}…${MAX_REMINDER_OFFSET}, each once; negative: before it, 0: on it); stored in order`,
  })
  @IsArray({ message: 'reminderOffsets must be a list of days' })
  @ArrayMaxSize(MAX_REMINDER_DAYS, { message: `reminderOffsets may hold at most ${MAX_REMINDER_DAYS} days` })
  @ArrayUnique({ message: 'reminderOffsets must not repeat a day' })
  @IsInt({ each: true, message: 'reminderOffsets must be whole numbers of days' })
  @Min(-MAX_REMINDER_OFFSET, { each: true, message: `reminderOffsets must not be less than -${MAX_REMINDER_OFFSET}` })
  @Max(MAX_REMINDER_OFFSET, { each: true, message: `reminderOffsets must not be greater than ${MAX_REMINDER_OFFSET}` })
  reminderOffsets: number[];

  @ApiProperty({ example: 30, description: 'how many days after the due date an expert’s one-click link still works' })
  @IsInt({ message: 'linkValidDaysAfterDue must be a whole number of days' })
  @Min(MIN_LINK_VALID_DAYS, { message: `linkValidDaysAfterDue must not be less than ${MIN_LINK_VALID_DAYS}` })
  @Max(MAX_LINK_VALID_DAYS, { message: `linkValidDaysAfterDue must not be greater than ${MAX_LINK_VALID_DAYS}` })
  linkValidDaysAfterDue: number;

  @ApiProperty({ description: 'invite the next listed alternate when an expert declines or is dismissed' })
  @IsBoolean({ message: 'autoInviteAlternates must be true or false' })
  autoInviteAlternates: boolean;

  @ApiPropertyOptional({ type: ReminderTemplatesRequest })
  @IsOptional()
  @NestedRequest(() => ReminderTemplatesRequest)
  reminderTemplates?: ReminderTemplatesRequest;

  @ApiProperty({
    description:
      'the checksum of the settings you read (GET); if they were saved since, 409 (the settings now in `details.current`) and nothing is saved',
  })
  @Matches(CONTENT_CHECKSUM, { message: 'checksum must be the checksum of the settings you read' })
  checksum: string;
}

/** The settings and wordings as read (every value, the wordings in their order): see `contentChecksum`. */
function reviewSettingsChecksum(settings: ReviewSettingsValues, templates: ReminderTemplateValues[]): string {
  return contentChecksum([
    settings.reminderOffsets,
    settings.linkValidDaysAfterDue,
    settings.autoInviteAlternates,
    templates.map(({ kind, subject, body, customized }) => [kind, subject, body, customized]),
  ]);
}

export class ReminderTemplateView {
  @ApiProperty({ enum: ReminderKind }) kind: ReminderKind;
  @ApiProperty({ example: '期限前の催促' }) label: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'false while the default wording applies' }) customized: boolean;
}

export class ReminderPlaceholderView {
  @ApiProperty({ example: '{{氏名}}' }) placeholder: string;
  @ApiProperty({ example: '外部有識者の氏名' }) meaning: string;
}

export class ReviewSettingsView {
  @ApiProperty({ type: [Number], example: [-7, -3, 0, 1, 3] }) reminderOffsets: number[];
  @ApiProperty({ example: 30 }) linkValidDaysAfterDue: number;
  @ApiProperty() autoInviteAlternates: boolean;
  @ApiProperty({ type: [ReminderTemplateView] }) reminderTemplates: ReminderTemplateView[];
  @ApiProperty({ type: [ReminderPlaceholderView] }) placeholders: ReminderPlaceholderView[];
  @ApiProperty({ description: 'the settings as read, in one value: send it back with the settings you save' })
  checksum: string;

  static from(settings: ReviewSettingsValues, templates: ReminderTemplateValues[]): ReviewSettingsView {
    return {
      reminderOffsets: settings.reminderOffsets,
      linkValidDaysAfterDue: settings.linkValidDaysAfterDue,
      autoInviteAlternates: settings.autoInviteAlternates,
      reminderTemplates: templates.map((template) => ({
        kind: template.kind,
        label: REMINDER_KIND_LABELS[template.kind],
        subject: template.subject,
        body: template.body,
        customized: template.customized,
      })),
      placeholders: Object.entries(REMINDER_PLACEHOLDERS).map(([name, meaning]) => ({
        placeholder: `{{${name}}}`,
        meaning,
      })),
      checksum: reviewSettingsChecksum(settings, templates),
    };
  }
}
