import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects/projects.module';
import { ReportsModule } from '../reports/reports.module';
import { CycleDeadlinesService } from './cycle-deadlines.service';
import { CyclesController } from './cycles.controller';
import { CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';
import { FiscalYearCycle } from './fiscal-year-cycle.entity';

@Module({
  imports: [ProjectsModule, ReportsModule, TypeOrmModule.forFeature([FiscalYearCycle])],
  controllers: [CyclesController],
  providers: [CyclesService, CycleDeadlinesService, CyclesRepository],
  exports: [CyclesService, CycleDeadlinesService],
})
export class CyclesModule {}
