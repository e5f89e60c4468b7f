import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganizationActor } from '../access/actor';

/** A record of a project that a move of its 事業担当課 takes along (a report not on the published record). */
export interface MovingRecord {
  id: string;
  projectId: string;
  fiscalYear: number;
  status: string;
  statusLabel: string;
}

/** Something that must follow a project edit inside the same transaction; answers which of its records followed. */
export interface ProjectEditFollower {
  /** `fromFiscalYear`: a plan amendment's 適用年度; records of earlier years keep the plan they had. */
  projectEdited(
    manager: EntityManager,
    projectId: string,
    actor: OrganizationActor,
    fromFiscalYear: number | null,
  ): Promise<string[]>;
  /** Whether the project's record has begun (a report past draft): from then on a plan change is an amendment. */
  recordBegun(manager: EntityManager, projectId: string): Promise<boolean>;
  /** Its records that would move with these projects to another department, for naming them before the move. */
  movingWith(organizationId: string, projectIds: string[]): Promise<MovingRecord[]>;
}

/**
 * Projects sit below reports, yet a project edit must reach the reports that still follow their project (drafts):
 * reports register here, and a project edit announces itself without knowing who listens.
 */
@Injectable()
export class ProjectEdits {
  private readonly followers: ProjectEditFollower[] = [];

  follow(follower: ProjectEditFollower): void {
    this.followers.push(follower);
  }

  async announce(
    manager: EntityManager,
    projectId: string,
    actor: OrganizationActor,
    fromFiscalYear: number | null,
  ): Promise<string[]> {
    const followed: string[] = [];
    for (const follower of this.followers)
      followed.push(...(await follower.projectEdited(manager, projectId, actor, fromFiscalYear)));
    return followed;
  }

  async recordBegun(manager: EntityManager, projectId: string): Promise<boolean> {
    for (const follower of this.followers) if (await follower.recordBegun(manager, projectId)) return true;
    return false;
  }

  async movingWith(organizationId: string, projectIds: string[]): Promise<MovingRecord[]> {
    const moving: MovingRecord[] = [];
    for (const follower of this.followers) moving.push(...(await follower.movingWith(organizationId, projectIds)));
    return moving;
  }
}
