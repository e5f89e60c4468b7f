import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** 対応が必要 for each role and the badges of report lists: reports and their reviews, against the year's deadlines. */
@Module({
  imports: [ReportsModule, CyclesModule],
  controllers: [TasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
