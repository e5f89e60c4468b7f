import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ReportsModule } from '../reports/reports.module';
import { ReviewAssignment } from '../reports/reviews/review-assignment.entity';
import { UsersModule } from '../users/users.module';
import { ReviewLink } from './review-link.entity';
import { ReviewLinks } from './review-links';
import { ReviewLinksController } from './review-links.controller';
import { ReviewLinksRepository } from './review-links.repository';

/**
 * An expert's one-click links: like a password reset, a token that opens a session — here one limited to a single
 * assignment. Above the report aggregate, which it reads, and beside accounts, so the aggregate needs no sessions.
 */
@Module({
  imports: [AuthModule, UsersModule, ReportsModule, TypeOrmModule.forFeature([ReviewLink, ReviewAssignment])],
  controllers: [ReviewLinksController],
  providers: [ReviewLinks, ReviewLinksRepository],
  exports: [ReviewLinks],
})
export class ReviewLinksModule {}
