import { DynamicModule, Module, type Type } from '@nestjs/common';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditCheckpointsController } from './audit-checkpoints.controller';

/** Global, like AuditModule: the pages, the worker and the CLI write checkpoints too. */
@Module({})
export class AuditCheckpointsModule {
  /** `organizations` is a module that exports OrganizationCodes; the composition root passes it in. */
  static forRoot(organizations: Type): DynamicModule {
    return {
      global: true,
      module: AuditCheckpointsModule,
      imports: [organizations],
      controllers: [AuditCheckpointsController],
      providers: [AuditCheckpoints],
      exports: [AuditCheckpoints],
    };
  }
}
