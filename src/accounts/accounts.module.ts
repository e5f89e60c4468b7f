import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { AccountStatusService } from './account-status.service';
import { MemberAccountsController } from './member-accounts.controller';
import { PasswordReset } from './password-reset.entity';
import { PasswordResetController } from './password-reset.controller';
import { PasswordResetsRepository } from './password-resets.repository';
import { PasswordResetsService } from './password-resets.service';

/** Accounts beyond one organization: password reset links, deactivation of people who left. */
@Module({
  imports: [UsersModule, AuthModule, TypeOrmModule.forFeature([PasswordReset])],
  controllers: [PasswordResetController, MemberAccountsController],
  providers: [PasswordResetsService, PasswordResetsRepository, AccountStatusService],
  exports: [PasswordResetsService, AccountStatusService],
})
export class AccountsModule {}
