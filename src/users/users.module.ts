import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AdministratorBootstrap } from './administrator-bootstrap';
import { Membership } from './membership.entity';
import { MyOrganizationsController } from './my-organizations.controller';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [OrganizationsModule, TypeOrmModule.forFeature([User, Membership])],
  controllers: [MyOrganizationsController, UsersController],
  providers: [UsersService, PasswordHasher, AdministratorBootstrap],
  exports: [UsersService, PasswordHasher, AdministratorBootstrap],
})
export class UsersModule {}
