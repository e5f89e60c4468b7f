import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Omittable } from '../common/validators';
import { Department } from './department.entity';
import { Organization } from './organization.entity';

export class OrganizationView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '旭川市' }) name: string;
  @ApiProperty({ example: '012041', description: '地方公共団体コード' }) localGovernmentCode: string;
  @ApiProperty({
    example: 0.8,
    description: '⑥ suggestion: mean KPI achievement from which 相当程度効果があった is suggested',
  })
  effectCloseThreshold: number;

  static from(organization: Organization): OrganizationView {
    return {
      id: organization.id,
      name: organization.name,
      localGovernmentCode: organization.localGovernmentCode,
      effectCloseThreshold: organization.effectCloseThreshold,
    };
  }
}

export class OrganizationSettingsRequest {
  @ApiPropertyOptional({ example: 0.8, minimum: 0.5, maximum: 0.95 })
  @Omittable()
  @IsNumber({}, { message: 'effectCloseThreshold must be a number such as 0.8 (80 %)' })
  @Min(0.5, { message: 'effectCloseThreshold must be at least 0.5 (50 %)' })
  @Max(0.95, { message: 'effectCloseThreshold must be at most 0.95 (95 %)' })
  effectCloseThreshold?: number;
}

export class DepartmentRequest {
  @ApiProperty({ example: '経済部 産業振興課' })
  @IsString()
  @MinLength(1, { message: 'name is required' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name: string;
}

export class DepartmentView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() name: string;

  static from(department: Department): DepartmentView {
    return { id: department.id, organizationId: department.organizationId, name: department.name };
  }
}
