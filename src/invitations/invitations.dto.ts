import { EmailInput } from '../common/input-fields';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { Role } from '../access/role';
import { NestedRequest } from '../common/validators';
import { DisplayNameInput } from '../users/display-name';
import { PasswordInput } from '../users/password-policy';
import { MembershipView, RoleGrantRequest } from '../users/users.dto';
import { INVITATION_STATUS_LABELS, invitationStatus, type InvitationStatus } from './invitation-status';
import { SECRET_TOKEN_PATTERN } from '../common/secret-token';
import { type DescribedGrant, type InvitationDetails, isAcceptable } from './invitations.service';

export class InvitationRequest {
  @EmailInput()
  email: string;

  @ApiProperty({ type: [RoleGrantRequest], description: 'The roles the person gets on accepting.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayMaxSize(10)
  @NestedRequest(() => RoleGrantRequest, { each: true })
  roles: RoleGrantRequest[];
}

/** The same for every address: nothing in it tells whether the address has an account. */
export class InvitationSentView {
  @ApiProperty({ example: 'An invitation was sent to tanaka@city.example.lg.jp.' }) message: string;
  @ApiProperty() invitationId: string;
  @ApiProperty() email: string;
  @ApiProperty() expiresAt: string;
}

export class InvitedRoleView {
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ example: '事業担当課' }) roleLabel: string;
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ description: 'its department was retired (廃止)' }) departmentRetired: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the retired department’s successor, where accepting gives the role instead',
  })
  successorName: string | null;

  static from(grant: DescribedGrant): InvitedRoleView {
    const { role, roleLabel, departmentId, departmentName, departmentRetired, successorName } = grant;
    return { role, roleLabel, departmentId, departmentName, departmentRetired, successorName };
  }
}

const STATUSES = Object.keys(INVITATION_STATUS_LABELS) as InvitationStatus[];

export class InvitationView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: STATUSES }) status: InvitationStatus;
  @ApiProperty({ example: '回答待ち' }) statusLabel: string;
  @ApiProperty({ type: [InvitedRoleView] }) roles: InvitedRoleView[];
  @ApiProperty({ nullable: true, type: String, description: 'Display name of the administrator who invited.' })
  invitedBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When it was accepted, declined, revoked or superseded (its address joined by another invitation).',
  })
  answeredAt: string | null;
  @ApiProperty({
    description:
      'false when a department it gives a role in was retired (廃止) with no successor: revoke it and invite anew',
  })
  acceptable: boolean;

  static from(details: InvitationDetails): InvitationView {
    const { invitation } = details;
    const status = invitationStatus(invitation);
    const answeredAt =
      invitation.acceptedAt ?? invitation.declinedAt ?? invitation.revokedAt ?? invitation.supersededAt;
    return {
      id: invitation.id,
      email: invitation.email,
      status,
      statusLabel: INVITATION_STATUS_LABELS[status],
      roles: details.grants.map(InvitedRoleView.from),
      invitedBy: details.inviterName,
      createdAt: invitation.createdAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
      answeredAt: answeredAt?.toISOString() ?? null,
      acceptable: isAcceptable(details),
    };
  }
}

export class InvitationTokenRequest {
  @ApiProperty({ description: 'The code at the end of the invitation link (…/invitations/{token}).' })
  @IsString()
  @Matches(SECRET_TOKEN_PATTERN, { message: 'token must be the code from the invitation link' })
  token: string;
}

/** Accepting without an account: the person names themselves and chooses a password. */
export class InvitationRegistrationRequest extends InvitationTokenRequest {
  @DisplayNameInput()
  displayName: string;

  @PasswordInput()
  password: string;
}

export class InvitationAcceptedView {
  @ApiProperty() organizationId: string;
  @ApiProperty() userId: string;
  @ApiProperty({ type: [MembershipView], description: "The person's roles in the organization now." })
  memberships: MembershipView[];
}
