import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports/exports.module';
import { ImportsModule } from '../imports/imports.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReportsModule } from '../reports/reports.module';
import { CommitteePacksController } from './committee-packs.controller';
import { CommitteePacksService } from './committee-packs.service';

@Module({
  imports: [ExportsModule, ImportsModule, OrganizationsModule, ReportsModule],
  controllers: [CommitteePacksController],
  providers: [CommitteePacksService],
  exports: [CommitteePacksService],
})
export class CommitteePacksModule {}
