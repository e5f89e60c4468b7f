import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsString, IsUrl, IsUUID, Matches, Max, Min } from 'class-validator';
import { CONTENT_CHECKSUM } from '../common/content-checksum';
import { BooleanQuery, MaxDecimals, MaxTextLength } from '../common/input-fields';
import { NotBlank, Omittable } from '../common/validators';
import { Department } from './department.entity';
import { Organization } from './organization.entity';
import { departmentChecksum, settingsChecksum } from './read-checksums';

export class OrganizationView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '旭川市' }) name: string;
  @ApiProperty({ example: '012041', description: '地方公共団体コード' }) localGovernmentCode: string;
  @ApiProperty({
    example: 0.8,
    description: '⑥ suggestion: mean KPI achievement from which 相当程度効果があった is suggested',
  })
  effectCloseThreshold: number;
  @ApiProperty({ description: 'whether the public pages list the experts who gave an opinion on a report (⑦)' })
  publishPanelMemberNames: boolean;
  @ApiProperty({
    example: 'クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)',
    description: 'licence of the public record',
  })
  openDataLicence: string;
  @ApiProperty({ example: 'https://creativecommons.org/licenses/by/4.0/deed.ja' })
  openDataLicenceUrl: string;
  @ApiProperty({
    description:
      'the four settings above as read, in one value: send it back with the settings you change (PATCH …/settings)',
  })
  settingsChecksum: string;

  static from(organization: Organization): OrganizationView {
    return {
      id: organization.id,
      name: organization.name,
      localGovernmentCode: organization.localGovernmentCode,
      effectCloseThreshold: organization.effectCloseThreshold,
      publishPanelMemberNames: organization.publishPanelMemberNames,
      openDataLicence: organization.openDataLicence,
      openDataLicenceUrl: organization.openDataLicenceUrl,
      settingsChecksum: settingsChecksum(organization),
    };
  }
}

export class OrganizationSettingsRequest {
  @ApiPropertyOptional({ example: 0.8, minimum: 0.5, maximum: 0.95, description: 'at most 3 decimal places' })
  @Omittable()
  @IsNumber({}, { message: 'effectCloseThreshold must be a number such as 0.8 (80 %)' })
  @Min(0.5, { message: 'effectCloseThreshold must be at least 0.5 (50 %)' })
  @Max(0.95, { message: 'effectCloseThreshold must be at most 0.95 (95 %)' })
  // Stored as numeric(4,3): a fourth decimal would be rounded away after the audit log recorded it.
  @MaxDecimals(3)
  effectCloseThreshold?: number;

  @ApiPropertyOptional({ description: 'list the names of the experts who gave an opinion on a public report' })
  @Omittable()
  @IsBoolean({ message: 'publishPanelMemberNames must be true or false' })
  publishPanelMemberNames?: boolean;

  @ApiPropertyOptional({ example: 'クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)', maxLength: 200 })
  @Omittable()
  @IsString({ message: 'openDataLicence must be the name of a licence' })
  @NotBlank('openDataLicence must not be empty')
  @MaxTextLength(200, { message: 'openDataLicence must be at most 200 characters' })
  openDataLicence?: string;

  @ApiPropertyOptional({ example: 'https://creativecommons.org/licenses/by/4.0/deed.ja', maxLength: 500 })
  @Omittable()
  @IsString({ message: 'openDataLicenceUrl must be an http(s) URL' })
  @MaxTextLength(500, { message: 'openDataLicenceUrl must be at most 500 characters' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    {
      message: 'openDataLicenceUrl must be an http(s) URL such as https://creativecommons.org/licenses/by/4.0/deed.ja',
    },
  )
  openDataLicenceUrl?: string;

  @ApiProperty({
    description:
      'the settingsChecksum of the organization you read (GET); if its settings were saved since, 409 (the settings now in `details.settings`, their checksum in `details.settingsChecksum`) and nothing is saved',
  })
  @Matches(CONTENT_CHECKSUM, { message: 'settingsChecksum must be the settingsChecksum of the organization you read' })
  settingsChecksum: string;
}

export class DepartmentRequest {
  @ApiProperty({ example: '経済部 産業振興課' })
  @IsString()
  @NotBlank()
  @MaxTextLength(100, { message: 'name must be at most 100 characters' })
  name: string;
}

export class DepartmentRenameRequest extends DepartmentRequest {
  @ApiProperty({
    description:
      'the checksum of the department you read (GET …/departments); if it was renamed since, 409 (its name now in `details.name`, its checksum in `details.checksum`) and nothing is saved',
  })
  @Matches(CONTENT_CHECKSUM, { message: 'checksum must be the checksum of the department you read' })
  checksum: string;
}

export class DepartmentListQuery {
  @BooleanQuery(
    'true: the current departments only (not retired, 廃止), which are all a new project, a move, a role or an ' +
      'invitation may name; left out or false: every department, retired ones too, for the history that names them',
  )
  current?: boolean;
}

export class DepartmentRetirementRequest {
  @ApiPropertyOptional({
    description: 'the current department its projects and owners move to (統合先); required while it has any',
  })
  @Omittable()
  @IsUUID('all', { message: 'successorId must be a department id' })
  successorId?: string;
}

export class DepartmentView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'when it was retired (廃止); null while current' })
  retiredAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the department its projects and owners went to (統合先)' })
  successorId: string | null;
  @ApiProperty({
    description: "the department's name as read, in one value: send it back with a new name (PATCH …/departments/:id)",
  })
  checksum: string;

  static from(department: Department): DepartmentView {
    return {
      id: department.id,
      organizationId: department.organizationId,
      name: department.name,
      retiredAt: department.retiredAt?.toISOString() ?? null,
      successorId: department.successorId,
      checksum: departmentChecksum(department),
    };
  }
}
