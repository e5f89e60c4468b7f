import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReportEdition } from '../reports/report/report-edition.entity';
import { OpenDataController } from './open-data.controller';
import { PublicationsRepository } from './publications.repository';
import { PublicResponseCacheInterceptor } from './public-response-cache.interceptor';
import { PublicResponses } from './public-responses';
import { PublicRecordService } from './public-record.service';

/** What citizens may read: the public record of published reports, and the open data made from it. */
@Module({
  imports: [TypeOrmModule.forFeature([ReportEdition]), OrganizationsModule],
  controllers: [OpenDataController],
  providers: [PublicationsRepository, PublicRecordService, PublicResponses, PublicResponseCacheInterceptor],
  exports: [PublicRecordService, PublicResponses, PublicResponseCacheInterceptor],
})
export class PublicationModule {}
