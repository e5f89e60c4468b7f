import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { AccountStatusService } from './account-status.service';
import { DepartmentOwners } from './department-owners';
import { EmailChange } from './email-change.entity';
import { EmailChangesRepository } from './email-changes.repository';
import { MemberAccountsController } from './member-accounts.controller';
import { MembershipsController } from './memberships.controller';
import { OwnAccountController } from './own-account.controller';
import { OwnAccountService } from './own-account.service';
import { PasswordReset } from './password-reset.entity';
import { PasswordResetController } from './password-reset.controller';
import { PasswordResetsRepository } from './password-resets.repository';
import { PasswordResetsService } from './password-resets.service';
import { RoleRevocationService } from './role-revocation.service';

/**
 * Accounts beyond one organization: one's own (アカウント設定), password reset links, deactivation of people who left,
 * taking roles away.
 */
@Module({
  imports: [
    UsersModule,
    OrganizationsModule,
    AuthModule,
    ReportsModule,
    TypeOrmModule.forFeature([PasswordReset, EmailChange]),
  ],
  controllers: [PasswordResetController, MemberAccountsController, MembershipsController, OwnAccountController],
  providers: [
    PasswordResetsService,
    PasswordResetsRepository,
    AccountStatusService,
    RoleRevocationService,
    DepartmentOwners,
    OwnAccountService,
    EmailChangesRepository,
  ],
  exports: [OwnAccountService, PasswordResetsService, AccountStatusService, RoleRevocationService, DepartmentOwners],
})
export class AccountsModule {}
