import { EmailInput, MaxTextLength } from '../common/input-fields';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { type User } from '../users/user.entity';
import { MembershipView } from '../users/users.dto';
import { PasswordInput } from '../users/password-policy';

export class SignInRequest {
  @EmailInput({ example: 'planning@city.asahikawa.example.jp' })
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxTextLength(256)
  password: string;
}

export class ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'currentPassword is required' })
  @MaxTextLength(256)
  currentPassword: string;

  @PasswordInput({ ofKnownAccount: true })
  newPassword: string;
}

export class CurrentUserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [MembershipView] }) memberships: MembershipView[];

  /** The account with its memberships loaded. */
  static from(user: User): CurrentUserView {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      memberships: (user.memberships ?? []).map(MembershipView.from),
    };
  }
}

export class SignInResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: CurrentUserView }) user: CurrentUserView;
}
