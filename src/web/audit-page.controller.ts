import { Controller, Get, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { type CheckpointProblemCode } from '../audit/audit-checkpoint';
import { AuditCheckpoints, NEWEST_CHECKPOINTS } from '../audit/audit-checkpoints';
import { auditActorOf } from '../audit/audit-log';
import { organizationPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/** Why a checkpoint file cannot be trusted, as the page says it. */
const CHECKPOINT_PROBLEMS: Record<CheckpointProblemCode, string> = {
  unreadable: 'チェックポイントとして読めません(壊れているか書き換えられています)',
  unsigned: '署名がありません',
  'unknown-key': 'このシステムの鍵で署名されていません(偽造の疑い)',
  'bad-signature': '署名が内容と一致しません(署名後に書き換えられています)',
  misplaced: '別の団体のもの、またはファイル名が内容と一致しません',
};

/**
 * 監査ログのチェックポイント: signed records of the organization's audit chain's last entry, kept outside the database,
 * for the administrator to print or mail to the auditor, who can later check that no entry was removed.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.Administrator)
@Controller('o/:organizationId/admin/audit')
export class AuditPageController {
  constructor(
    private readonly checkpoints: AuditCheckpoints,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    const stored = await this.checkpoints.newest(actor.organizationId, NEWEST_CHECKPOINTS);
    return this.pages.render(response, 'admin/audit.njk', {
      publicKey: this.checkpoints.publicKey(),
      checkpoints: stored.map(({ file, checkpoint, problem }) => ({
        file,
        checkpoint,
        problem: problem ? CHECKPOINT_PROBLEMS[problem.code] : null,
      })),
    });
  }

  @Post('checkpoints')
  async create(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    await this.checkpoints.createFor(actor.organizationId, auditActorOf(actor));
    this.pages.redirect(response, organizationPath(actor.organizationId, 'admin/audit'), 'checkpoint-created');
  }
}
