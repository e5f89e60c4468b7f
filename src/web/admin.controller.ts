import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpStatus,
  NotFoundException,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { auditActorOf } from '../audit/audit-log';
import { ApiExcludeController } from '@nestjs/swagger';
import { UuidParam } from '../infra/http/uuid-param';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { japaneseDate, japaneseDateTime } from '../common/dates';
import { AppConfig } from '../infra/config/app-config';
import { InvitationRequest, InvitationView } from '../invitations/invitations.dto';
import { InvitationsService } from '../invitations/invitations.service';
import { FailedDeliveries } from '../notifications/failed-deliveries';
import { FailedDeliveryView } from '../notifications/notifications.dto';
import {
  DepartmentRequest,
  DepartmentRetirementRequest,
  OrganizationSettingsRequest,
} from '../organizations/organizations.dto';
import { DepartmentRetirementService } from '../projects/department-retirement.service';
import { projectTitle } from '../projects/project-title';
import { OrganizationsService } from '../organizations/organizations.service';
import { Role, ROLE_LABELS } from '../access/role';
import { MEMBER_SORTS, type MemberSort } from '../users/memberships.repository';
import { MemberView, RoleGrantRequest } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { DepartmentOwners } from '../accounts/department-owners';
import { RoleRevocationService } from '../accounts/role-revocation.service';
import { ExpertStillAskedException } from '../reports/reviews/reviews.service';
import {
  FormBody,
  formErrors,
  FormState,
  formValues,
  optional,
  PageError,
  statusOf,
  text,
  underPointer,
  validated,
} from './forms';
import { choicesOf, readListQuery } from './list-query';
import { isConfirmed, renderConfirmation, wentBack } from './confirmation';
import { CONFIRMATIONS, ownerlessNotice } from './messages/confirmations';
import { expertStillAskedMessage } from './messages/error-messages';
import {
  ORGANIZATION_SETTING_LABELS,
  PUBLISH_PANEL_MEMBER_NAMES_CHOICES,
  SETTING_ANSWERS,
} from './messages/field-labels';
import { organizationPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';
import { departmentFilterChoices, roleText } from './view-helpers';

/** Accounts in use, or deactivated (停止中). */
const MEMBER_STATES = ['active', 'deactivated'] as const;
const MEMBER_STATE_LABELS: Record<(typeof MEMBER_STATES)[number], string> = { active: '利用中', deactivated: '停止中' };

const MEMBER_SORT_LABELS: Record<MemberSort, string> = {
  joined: '登録の古い順',
  name: '氏名順',
  email: 'メールアドレス順',
};

/** The administrator's pages: people and their roles, departments, and the organization itself. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.Administrator)
@Controller('o/:organizationId/admin')
export class AdminController {
  constructor(
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly revocations: RoleRevocationService,
    private readonly departmentOwners: DepartmentOwners,
    private readonly organizations: OrganizationsService,
    private readonly retirement: DepartmentRetirementService,
    private readonly failed: FailedDeliveries,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  /** Search, filters and sort of the list are in the URL, so a filtered view can be bookmarked. */
  @Get('users')
  usersPage(
    @CurrentActor() actor: OrganizationActor,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    return this.renderUsers(response, actor, undefined, undefined, query);
  }

  /** Adding someone is inviting them: they join when they accept the e-mailed link. */
  @Post('users')
  async invite(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const request = await validated(InvitationRequest, {
        email: text(body, '/email'),
        roles: [{ role: optional(body, '/role'), departmentId: optional(body, '/departmentId') ?? undefined }],
      });
      await this.invitations.invite(actor, request.email, request.roles);
    } catch (error) {
      // The single role of this form is /roles/0 in the request.
      const errors = formErrors(error, { '/roles/0/role': '役割', '/roles/0/departmentId': '部署' })?.map((item) =>
        item.path?.startsWith('/roles/0/')
          ? { ...item, path: item.path.slice('/roles/0'.length), href: `#f-${item.path.slice('/roles/0/'.length)}` }
          : item,
      );
      if (!errors) throw error;
      return this.renderUsers(
        response,
        actor,
        { name: 'add', state: new FormState(formValues(body), errors) },
        statusOf(error),
      );
    }
    this.pages.redirect(response, organizationPath(actor.organizationId, 'admin/users'), 'invitation-sent');
  }

  /** The 取り消す button leads here: the confirmation page, whose form posts below. */
  @Get('invitations/:invitationId/revoke')
  confirmInvitationRevocation(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('invitationId') invitationId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.revokeInvitation(actor, invitationId, {}, response);
  }

  @Post('invitations/:invitationId/revoke')
  async revokeInvitation(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('invitationId') invitationId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    if (!isConfirmed(body)) {
      const invitation = (await this.invitations.list(actor.organizationId))
        .map(InvitationView.from)
        .find((candidate) => candidate.id === invitationId);
      if (!invitation) throw new NotFoundException('Invitation not found in this organization.');
      if (invitation.status !== 'pending' && invitation.status !== 'expired')
        throw new ConflictException(`This invitation was ${invitation.status} already.`);
      return renderConfirmation(this.pages, response, {
        ...CONFIRMATIONS.revokeInvitation({ email: invitation.email }),
        caption: 'システム管理・利用者と役割',
        action: organizationPath(actor.organizationId, `admin/invitations/${invitation.id}/revoke`),
        back: organizationPath(actor.organizationId, 'admin/users'),
        facts: [
          { label: '招待した役割', value: invitation.roles.map(roleText).join('、') },
          { label: '回答の期限', value: `${japaneseDateTime(invitation.expiresAt)}(${invitation.statusLabel})` },
        ],
      });
    }
    await this.invitations.revoke(actor, invitationId);
    this.pages.redirect(response, organizationPath(actor.organizationId, 'admin/users'), 'invitation-revoked');
  }

  @Post('users/:userId/memberships')
  async grant(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const prefix = `/grants/${userId}`;
    try {
      const request = await validated(RoleGrantRequest, {
        role: optional(body, `${prefix}/role`),
        departmentId: optional(body, `${prefix}/departmentId`) ?? undefined,
      });
      await this.users.grantRole(actor.organizationId, userId, request, auditActorOf(actor));
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return this.renderUsers(
        response,
        actor,
        { name: `grant-${userId}`, state: new FormState(formValues(body), underPointer(errors, prefix)) },
        statusOf(error),
      );
    }
    this.pages.redirect(response, organizationPath(actor.organizationId, 'admin/users'), 'role-granted');
  }

  /** The 外す button leads here: the confirmation page, whose form posts below. */
  @Get('memberships/:membershipId/revoke')
  confirmRevocation(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('membershipId') membershipId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.revoke(actor, membershipId, {}, response);
  }

  @Post('memberships/:membershipId/revoke')
  async revoke(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('membershipId') membershipId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    try {
      // Refused on pressing 外す, before the confirmation page; and again on confirming, should it arise meanwhile.
      if (isConfirmed(body)) await this.revocations.revoke(actor, membershipId);
      else await this.revocations.assertRevocable(actor, membershipId);
    } catch (error) {
      if (!(error instanceof ExpertStillAskedException)) throw error;
      const refusal = { text: expertStillAskedMessage(error.reports), href: '#main' };
      return this.renderUsers(
        response,
        actor,
        { name: 'revoke', state: new FormState({}, [refusal]) },
        HttpStatus.CONFLICT,
      );
    }
    if (isConfirmed(body))
      return this.pages.redirect(response, organizationPath(actor.organizationId, 'admin/users'), 'membership-revoked');
    const member = (await this.users.listMembers(actor.organizationId))
      .map(MemberView.from)
      .find((candidate) => candidate.memberships.some((membership) => membership.id === membershipId));
    if (!member) throw new NotFoundException('Membership not found in this organization.');
    const revoked = member.memberships.find((membership) => membership.id === membershipId)!;
    const ownerless =
      revoked.role === Role.ProjectOwner && revoked.departmentId
        ? await this.departmentOwners.leftBy(actor.organizationId, member.id, revoked.departmentId)
        : [];
    return renderConfirmation(this.pages, response, {
      ...CONFIRMATIONS.revokeMembership({
        member: member.displayName,
        role: roleText(revoked),
        otherRoles: member.memberships.filter((membership) => membership !== revoked).map(roleText),
        ownerless,
      }),
      caption: 'システム管理・利用者と役割',
      action: organizationPath(actor.organizationId, `admin/memberships/${membershipId}/revoke`),
      back: organizationPath(actor.organizationId, 'admin/users'),
      facts: [
        { label: '氏名', value: member.displayName },
        { label: 'メールアドレス', value: member.email },
      ],
    });
  }

  @Get('departments')
  departmentsPage(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.renderDepartments(response, actor);
  }

  @Post('departments')
  async createDepartment(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const request = await validated(DepartmentRequest, { name: text(body, '/name') });
      await this.organizations.createDepartment(actor.organizationId, request.name, auditActorOf(actor));
    } catch (error) {
      const errors = departmentNameErrors(error);
      if (!errors) throw error;
      return this.renderDepartments(
        response,
        actor,
        { name: 'create', state: new FormState(formValues(body), errors) },
        statusOf(error),
      );
    }
    this.pages.redirect(response, organizationPath(actor.organizationId, 'admin/departments'), 'department-created');
  }

  @Post('departments/:departmentId')
  async renameDepartment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('departmentId') departmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const prefix = `/departments/${departmentId}`;
    let changed: boolean;
    try {
      const request = await validated(DepartmentRequest, { name: text(body, `${prefix}/name`) });
      ({ changed } = await this.organizations.renameDepartment(
        actor.organizationId,
        departmentId,
        request.name,
        auditActorOf(actor),
      ));
    } catch (error) {
      const errors = departmentNameErrors(error);
      if (!errors) throw error;
      return this.renderDepartments(
        response,
        actor,
        { name: `rename-${departmentId}`, state: new FormState(formValues(body), underPointer(errors, prefix)) },
        statusOf(error),
      );
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, 'admin/departments'),
      changed ? 'department-renamed' : 'department-unchanged',
    );
  }

  /**
   * 廃止する: the confirmation page names what moves to the successor (refused on the form before it when the choice
   * cannot be carried out); the confirmed form retires the department.
   */
  @Post('departments/:departmentId/retire')
  async retireDepartment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('departmentId') departmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const prefix = `/departments/${departmentId}`;
    const form = `retire-${departmentId}`;
    if (wentBack(body))
      return this.renderDepartments(response, actor, { name: form, state: new FormState(formValues(body)) });
    try {
      const request = await validated(DepartmentRetirementRequest, {
        successorId: optional(body, `${prefix}/successorId`) ?? undefined,
      });
      if (!isConfirmed(body)) return await this.confirmRetirement(response, actor, departmentId, request, body);
      await this.retirement.retire(actor, departmentId, request.successorId);
    } catch (error) {
      const errors = formErrors(error, { '/successorId': '統合先' });
      if (!errors) throw error;
      return this.renderDepartments(
        response,
        actor,
        { name: form, state: new FormState(formValues(body), underPointer(errors, prefix)) },
        statusOf(error),
      );
    }
    this.pages.redirect(response, organizationPath(actor.organizationId, 'admin/departments'), 'department-retired');
  }

  private async confirmRetirement(
    response: Response,
    actor: OrganizationActor,
    departmentId: string,
    { successorId }: DepartmentRetirementRequest,
    body: FormBody,
  ): Promise<void> {
    const { department, successor, projects, reports, owners } = await this.retirement.preview(
      actor,
      departmentId,
      successorId,
    );
    return renderConfirmation(this.pages, response, {
      ...CONFIRMATIONS.retireDepartment({
        department: department.name,
        successor: successor?.name ?? null,
        projects: projects.map((project) => ({
          title: projectTitle(project),
          reports: reports.filter((report) => report.projectId === project.id),
        })),
        owners: owners.map((owner) => owner.displayName),
      }),
      caption: 'システム管理・部署',
      action: organizationPath(actor.organizationId, `admin/departments/${departmentId}/retire`),
      back: organizationPath(actor.organizationId, 'admin/departments'),
      facts: [
        { label: '廃止する部署', value: department.name },
        { label: '統合先', value: successor?.name ?? 'なし' },
      ],
      body,
    });
  }

  /** E-mails that failed every attempt (the same list as …/notifications/failed), with a way to send them again. */
  @Get('failed-notifications')
  failedNotifications(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.renderFailedNotifications(response, actor);
  }

  /** A refusal (409: what the mail asked for was settled since) is shown above the list, which no longer offers it. */
  @Post('failed-notifications/:deliveryId/retry')
  async retryNotification(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('deliveryId') deliveryId: string,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.failed.retry(actor, deliveryId);
    } catch (error) {
      const errors = error instanceof ConflictException ? formErrors(error) : null;
      if (!errors) throw error;
      return this.renderFailedNotifications(response, actor, errors, HttpStatus.CONFLICT);
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, 'admin/failed-notifications'),
      'notification-retried',
    );
  }

  private async renderFailedNotifications(
    response: Response,
    actor: OrganizationActor,
    errors: PageError[] = [],
    status = HttpStatus.OK,
  ): Promise<void> {
    const [deliveries, members] = await Promise.all([
      this.failed.list(actor.organizationId),
      this.users.listMembers(actor.organizationId),
    ]);
    const names = new Map(members.map((member) => [member.id, member.displayName]));
    return this.pages.render(
      response,
      'admin/failed-notifications.njk',
      {
        deliveries: deliveries.map((delivery) => ({
          ...FailedDeliveryView.from(delivery),
          recipientName: (delivery.userId && names.get(delivery.userId)) ?? '—',
        })),
        errors,
      },
      status,
    );
  }

  @Get('organization')
  organizationPage(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.renderOrganization(response, actor);
  }

  /** What the public site shows of the organization's reports: panel members' names, and the licence. */
  @Post('organization/publication')
  async updatePublicationSettings(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    let changed: boolean;
    try {
      const request = await validated(OrganizationSettingsRequest, {
        publishPanelMemberNames: text(body, '/publishPanelMemberNames') === 'true',
        openDataLicence: text(body, '/openDataLicence').trim(),
        openDataLicenceUrl: text(body, '/openDataLicenceUrl').trim(),
      });
      ({ changed } = await this.organizations.updateSettings(actor.organizationId, request, auditActorOf(actor)));
    } catch (error) {
      const errors = formErrors(error, ORGANIZATION_SETTING_LABELS);
      if (!errors) throw error;
      return this.renderOrganization(
        response,
        actor,
        { name: 'publication', state: new FormState(formValues(body), errors) },
        statusOf(error),
      );
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, 'admin/organization'),
      changed ? 'publication-settings-saved' : 'publication-settings-unchanged',
    );
  }

  private async renderOrganization(
    response: Response,
    actor: OrganizationActor,
    failed?: { name: string; state: FormState },
    status?: HttpStatus,
  ): Promise<void> {
    const [organization, departments, members] = await Promise.all([
      this.organizations.get(actor.organizationId),
      // The year's set-up counts the departments there are now; retired ones are listed apart on 部署.
      this.organizations.listCurrentDepartments(actor.organizationId),
      this.users.listMembers(actor.organizationId),
    ]);
    const roleCounts = Object.values(Role).map((role) => ({
      role,
      count: members.filter((member) => member.memberships?.some((membership) => membership.role === role)).length,
    }));
    const current = new FormState({
      '/publishPanelMemberNames': String(organization.publishPanelMemberNames),
      '/openDataLicence': organization.openDataLicence,
      '/openDataLicenceUrl': organization.openDataLicenceUrl,
    });
    return this.pages.render(
      response,
      'admin/organization.njk',
      {
        organizationDetails: organization,
        departmentCount: departments.length,
        memberCount: members.length,
        roleCounts,
        publicHref: `/public/${organization.localGovernmentCode}/`,
        ...this.failedForm(failed),
        publication: failed?.name === 'publication' ? failed.state : current,
        fieldLabels: ORGANIZATION_SETTING_LABELS,
        panelMemberNamesChoices: choicesOf(SETTING_ANSWERS, PUBLISH_PANEL_MEMBER_NAMES_CHOICES),
      },
      status,
    );
  }

  private async renderUsers(
    response: Response,
    actor: OrganizationActor,
    failed?: { name: string; state: FormState },
    status?: HttpStatus,
    query: Record<string, unknown> = {},
  ): Promise<void> {
    const [departments, current] = await Promise.all([
      this.organizations.listDepartments(actor.organizationId),
      this.organizations.listCurrentDepartments(actor.organizationId),
    ]);
    const parameters = {
      role: { label: '役割', choices: choicesOf(Object.values(Role), ROLE_LABELS) },
      departmentId: { label: '担当部署', choices: departmentFilterChoices(departments) },
      state: { label: '状態', choices: choicesOf(MEMBER_STATES, MEMBER_STATE_LABELS) },
      sort: { label: '並び順', choices: choicesOf(MEMBER_SORTS, MEMBER_SORT_LABELS) },
    };
    const list = readListQuery(query, parameters);
    const { role, departmentId, state, sort } = list.chosen;
    const [members, invitations, planners, ownerless] = await Promise.all([
      this.users.listMembers(
        actor.organizationId,
        {
          q: list.q,
          role: role as Role | undefined,
          departmentId,
          isActive: state === undefined ? undefined : state === 'active',
        },
        sort as MemberSort | undefined,
      ),
      this.invitations.list(actor.organizationId),
      this.users.countActiveHolders(actor.organizationId, Role.PlanningDivision),
      this.departmentOwners.withoutOwner(actor.organizationId),
    ]);
    return this.pages.render(
      response,
      'admin/users.njk',
      {
        // Drafts and reports in review of a department nobody can sign in for wait for nobody.
        ownerless: ownerless.map((department) => ({ ...department, notice: ownerlessNotice(department) })),
        // A proposed ⑧ is approved by a planning member other than its proposer: with fewer than two, none is decided.
        plannersShort: planners < 2 ? { count: planners } : undefined,
        members: members.map(MemberView.from),
        // Answered ones are in the audit log; the page keeps what still needs the administrator.
        invitations: invitations
          .map(InvitationView.from)
          .filter((invitation) => invitation.status === 'pending' || invitation.status === 'expired'),
        // Someone is invited into, or given a role in, a department that is not retired.
        departments: current,
        roles: Object.values(Role),
        ...this.failedForm(failed),
        currentUserId: actor.userId,
        invitationTtlDays: this.config.invitationTtlDays,
        list,
        parameters,
      },
      status ?? (list.errors.length ? HttpStatus.BAD_REQUEST : HttpStatus.OK),
    );
  }

  private async renderDepartments(
    response: Response,
    actor: OrganizationActor,
    failed?: { name: string; state: FormState },
    status?: HttpStatus,
  ): Promise<void> {
    const departments = await this.organizations.listDepartments(actor.organizationId);
    const names = new Map(departments.map(({ id, name }) => [id, name]));
    return this.pages.render(
      response,
      'admin/departments.njk',
      {
        departments: departments.filter((department) => !department.retiredAt),
        // Kept for the history that names them, with where their work went.
        retired: departments
          .filter((department) => department.retiredAt)
          .map((department) => ({
            ...department,
            retiredOn: japaneseDate(department.retiredAt),
            successorName: department.successorId ? names.get(department.successorId) : null,
          })),
        ...this.failedForm(failed),
      },
      status,
    );
  }

  private failedForm(failed?: { name: string; state: FormState }): {
    formFor: (name: string) => FormState;
    errors: PageError[];
  } {
    return {
      formFor: (name: string) => (failed?.name === name ? failed.state : new FormState()),
      errors: failed?.state.errors ?? [],
    };
  }
}

/** A department form's refusals, all beside its one field (a name taken, too, is about the name). */
function departmentNameErrors(error: unknown): PageError[] | null {
  return (
    formErrors(error, { '/name': '部署名' })?.map((item) =>
      item.path ? item : { ...item, path: '/name', href: '#f-name' },
    ) ?? null
  );
}
