import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Department } from './department.entity';
import { Organization } from './organization.entity';

export class OrganizationView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '旭川市' }) name: string;
  @ApiProperty({ example: '012041', description: '地方公共団体コード' }) localGovernmentCode: string;

  static from(organization: Organization): OrganizationView {
    return { id: organization.id, name: organization.name, localGovernmentCode: organization.localGovernmentCode };
  }
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
