import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports/exports.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReportsModule } from '../reports/reports.module';
import { CommitteePacksController } from './committee-packs.controller';
import { CommitteePacksService } from './committee-packs.service';

@Module({
  imports: [ExportsModule, OrganizationsModule, ReportsModule],
  controllers: [CommitteePacksController],
  providers: [CommitteePacksService],
  exports: [CommitteePacksService],
})
export class CommitteePacksModule {}
