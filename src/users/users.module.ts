import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AdministratorBootstrap } from './administrator-bootstrap';
import { AuditLogPeople } from './audit-log-people';
import { Membership } from './membership.entity';
import { MembershipsRepository } from './memberships.repository';
import { MyOrganizationsController } from './my-organizations.controller';
import { PasswordHasher } from './password-hasher';
import { PlatformOperators } from './platform-operators';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [OrganizationsModule, TypeOrmModule.forFeature([User, Membership])],
  controllers: [MyOrganizationsController, UsersController],
  providers: [
    UsersService,
    UsersRepository,
    MembershipsRepository,
    PasswordHasher,
    AdministratorBootstrap,
    PlatformOperators,
    AuditLogPeople,
  ],
  exports: [
    UsersService,
    UsersRepository,
    MembershipsRepository,
    PasswordHasher,
    AdministratorBootstrap,
    PlatformOperators,
    AuditLogPeople,
  ],
})
export class UsersModule {}
