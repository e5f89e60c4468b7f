import { ConflictException, UnprocessableEntityException } from '@nestjs/common';
import type { Department } from './department.entity';

type Succession = Pick<Department, 'id' | 'name' | 'retiredAt' | 'successorId'>;

/**
 * The department that carries on the work of `departmentId` now: itself while it is current, else the first current
 * one down its successors (課 merged again a later April); null for an unknown one or one retired with no successor.
 */
export function currentSuccessorOf<D extends Succession>(departments: D[], departmentId: string): D | null {
  const byId = new Map(departments.map((department) => [department.id, department]));
  const seen = new Set<string>();
  let department = byId.get(departmentId);
  while (department?.retiredAt) {
    // The database forbids a department succeeding itself; a longer loop would be a damaged record, not a successor.
    if (!department.successorId || seen.has(department.id)) return null;
    seen.add(department.id);
    department = byId.get(department.successorId);
  }
  return department ?? null;
}

/** What a retirement would hand on to its successor: the department's projects and its owners' roles. */
export interface RetirementHandOver {
  projects: number;
  owners: number;
}

/**
 * Why the department cannot be retired into the successor, in words the administrator can act on; null when it can.
 * A successor is required only when there is something to hand on.
 */
export function retirementRefusal(
  department: Succession,
  successor: Succession | null,
  handOver: RetirementHandOver,
): { path: string; message: string } | null {
  if (department.retiredAt) return { path: '', message: `「${department.name}」 is already retired (廃止).` };
  if (!successor) {
    if (handOver.projects === 0 && handOver.owners === 0) return null;
    return {
      path: '/successorId',
      message: `「${department.name}」 still has ${handOver.projects} project(s) and ${handOver.owners} owner(s): choose the successor department (統合先) they move to.`,
    };
  }
  if (successor.id === department.id)
    return { path: '/successorId', message: 'A department cannot be merged into itself: choose another successor.' };
  if (successor.retiredAt)
    return {
      path: '/successorId',
      message: `「${successor.name}」 is itself retired (廃止): choose a current department as the successor.`,
    };
  return null;
}

/** retirementRefusal as the answer to the request: 409 for a department retired already, else 422 at the field. */
export function assertRetirable(
  department: Succession,
  successor: Succession | null,
  handOver: RetirementHandOver,
): void {
  const refusal = retirementRefusal(department, successor, handOver);
  if (refusal?.path === '') throw new ConflictException(refusal.message);
  if (refusal) throw new UnprocessableEntityException({ message: refusal.message, details: [refusal] });
}

/** A successor named that is no department of the organization (a stale or altered form). */
export function unknownSuccessor(): UnprocessableEntityException {
  return new UnprocessableEntityException({
    message: 'The successor department does not exist in this organization.',
    details: [{ path: '/successorId', message: 'successorId must be a department of this organization' }],
  });
}
