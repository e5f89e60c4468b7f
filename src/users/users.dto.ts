import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { ROLE_LABELS } from '../access/role';
import { Membership } from './membership.entity';
import { Role } from '../access/role';
import { User } from './user.entity';

export class RoleGrantRequest {
  @ApiProperty({ enum: Role })
  @IsEnum(Role, { message: `role must be one of: ${Object.values(Role).join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ description: 'Required for project_owner: the department whose projects the user owns.' })
  @IsOptional()
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;
}

export class MembershipView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiPropertyOptional() organizationName?: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ example: '事業担当課' }) roleLabel: string;
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) departmentName?: string | null;

  static from(membership: Membership): MembershipView {
    return {
      id: membership.id,
      organizationId: membership.organizationId,
      organizationName: membership.organization?.name,
      role: membership.role,
      roleLabel: ROLE_LABELS[membership.role],
      departmentId: membership.departmentId,
      departmentName: membership.department?.name ?? null,
    };
  }
}

export class MemberView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'False once an administrator deactivated the account (停止中): it cannot sign in.' })
  isActive: boolean;
  @ApiProperty({ nullable: true, type: String }) deactivatedAt: string | null;
  @ApiProperty({ type: [MembershipView] }) memberships: MembershipView[];

  static from(user: User): MemberView {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      isActive: !user.deactivatedAt,
      deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
      memberships: (user.memberships ?? []).map(MembershipView.from),
    };
  }
}
