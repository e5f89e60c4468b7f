import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { DepartmentRetirementController } from './department-retirement.controller';
import { DepartmentRetirementService } from './department-retirement.service';
import { GrantProject } from './grant-project.entity';
import { GrantType } from './grant-type.entity';
import { KpiDefinition } from './kpi-definition.entity';
import { GrantTypesController } from './grant-types.controller';
import { PlanAmendment } from './plan-amendment.entity';
import { PlanAmendmentsRepository } from './plan-amendments.repository';
import { ProjectEdits } from './project-edits';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

@Module({
  imports: [
    OrganizationsModule,
    UsersModule,
    TypeOrmModule.forFeature([GrantProject, KpiDefinition, GrantType, PlanAmendment]),
  ],
  controllers: [ProjectsController, GrantTypesController, DepartmentRetirementController],
  providers: [ProjectsService, ProjectsRepository, ProjectEdits, PlanAmendmentsRepository, DepartmentRetirementService],
  exports: [ProjectsService, ProjectsRepository, ProjectEdits, PlanAmendmentsRepository, DepartmentRetirementService],
})
export class ProjectsModule {}
