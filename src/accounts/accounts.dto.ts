import { EmailInput, MaxTextLength } from '../common/input-fields';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MinLength } from 'class-validator';
import { CurrentUserView } from '../auth/auth.dto';
import { SECRET_TOKEN_PATTERN } from '../common/secret-token';
import { DisplayNameInput } from '../users/display-name';
import { PasswordInput } from '../users/password-policy';
import type { PendingEmailChange } from './own-account.service';

export class PasswordResetRequest {
  @EmailInput()
  email: string;
}

/** The same for every address: nothing in it tells whether the address has an account. */
export class PasswordResetRequestedView {
  @ApiProperty({ example: 'If this address has an account, a link to set a new password was sent to it.' })
  message: string;
}

export class NewPasswordRequest {
  @ApiProperty({ description: 'The code at the end of the link in the e-mail (…/password-reset/{token}).' })
  @IsString()
  @Matches(SECRET_TOKEN_PATTERN, { message: 'token must be the code from the password reset link' })
  token: string;

  @PasswordInput({ ofKnownAccount: true })
  password: string;
}

export class PasswordResetSentView {
  @ApiProperty({ example: 'A link to set a new password was sent to tanaka@city.example.lg.jp.' }) message: string;
  @ApiProperty() expiresAt: string;
}

export class OwnNameRequest {
  @DisplayNameInput()
  displayName: string;
}

export class EmailChangeRequest {
  @EmailInput({ example: 'tanaka.new@city.example.lg.jp' })
  email: string;

  /** As for a new password: someone holding a stolen session must not move the address and then reset the password. */
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'currentPassword is required' })
  @MaxTextLength(256)
  currentPassword: string;
}

export class EmailChangeRequestedView {
  @ApiProperty({ example: 'A link to confirm the new address was sent to it; until it is opened, the address stays.' })
  message: string;
  @ApiProperty() expiresAt: string;
}

export class EmailChangeConfirmation {
  @ApiProperty({ description: 'The code at the end of the link in the e-mail (…/account/email/{token}).' })
  @IsString()
  @Matches(SECRET_TOKEN_PATTERN, { message: 'token must be the code from the address confirmation link' })
  token: string;
}

export class EmailChangeCancellation {
  @ApiProperty({
    description: 'The code at the end of the link in the notice to the old address (…/account/email-cancel/{token}).',
  })
  @IsString()
  @Matches(SECRET_TOKEN_PATTERN, { message: 'token must be the code from the cancellation link' })
  token: string;
}

export class PendingEmailChangeView {
  @ApiProperty({ example: 'tanaka.new@city.example.lg.jp' }) newEmail: string;
  @ApiProperty({ description: 'When the link mailed to the new address stops working.' }) expiresAt: string;
}

/** The signed-in person's account as アカウント設定 shows it: with the change of address still waiting for its link. */
export class OwnAccountView extends CurrentUserView {
  @ApiProperty({
    type: PendingEmailChangeView,
    nullable: true,
    description: 'The change of address asked for whose link is not yet opened; null when none is waiting.',
  })
  pendingEmailChange: PendingEmailChangeView | null;

  static of(account: CurrentUserView, pending: PendingEmailChange | null): OwnAccountView {
    return {
      ...account,
      pendingEmailChange: pending && { newEmail: pending.newEmail, expiresAt: pending.expiresAt.toISOString() },
    };
  }
}
