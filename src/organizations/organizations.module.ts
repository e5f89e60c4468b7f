import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationCodes } from '../audit/organization-codes';
import { Department } from './department.entity';
import { DepartmentsRepository } from './departments.repository';
import { Organization } from './organization.entity';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [TypeOrmModule.forFeature([Organization, Department])],
  controllers: [OrganizationsController],
  providers: [
    OrganizationsService,
    OrganizationsRepository,
    DepartmentsRepository,
    // The audit checkpoints name municipalities by code (AuditCheckpointsModule.forRoot(OrganizationsModule)).
    { provide: OrganizationCodes, useExisting: OrganizationsService },
  ],
  exports: [OrganizationsService, DepartmentsRepository, OrganizationCodes],
})
export class OrganizationsModule {}
