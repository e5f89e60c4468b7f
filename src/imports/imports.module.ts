import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReportsModule } from '../reports/reports.module';
import { ImportFileReader } from './import-file-reader';
import { ImportWriter } from './import-writer';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

@Module({
  imports: [OrganizationsModule, ProjectsModule, ReportsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportWriter, ImportFileReader],
  exports: [ImportsService, ImportFileReader],
})
export class ImportsModule {}
