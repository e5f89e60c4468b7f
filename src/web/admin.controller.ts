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
import { isUnanswered } from '../invitations/invitation-status';
import { InvitationRequest, InvitationView } from '../invitations/invitations.dto';
import { InvitationsService } from '../invitations/invitations.service';
import { FailedDeliveries } from '../notifications/failed-deliveries';
import { FailedEvents } from '../notifications/failed-events';
import { FailedDeliveryView, FailedEventView } from '../notifications/notifications.dto';
import {
  DepartmentRenameRequest,
  DepartmentRequest,
  DepartmentRetirementRequest,
  OrganizationSettingsRequest,
} from '../organizations/organizations.dto';
import { departmentChecksum, settingsChecksum } from '../organizations/read-checksums';
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
import { choicesOf, queryStatus, readListQuery } from './list-query';
import { isConfirmed, renderConfirmation, wentBack } from './confirmation';
import { CONFIRMATIONS, ownerlessNotice } from './messages/confirmations';
import { expertStillAskedRefusal } from './messages/error-messages';
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

/** The administration pages with forms, each at admin/<page>. */
type AdminPage = 'users' | 'departments' | 'organization';

/** A form refused on its page, shown again there: its name on the page, with what was entered and why it was refused. */
interface FailedForm {
  name: string;
  state: FormState;
}

/** A form of an administration page: what it does, how its refusals read, and what its page says once it is done. */
interface AdminForm<Outcome> {
  page: AdminPage;
  /** The form's name on its page, for FailedForm. */
  form: string;
  body: FormBody;
  run: () => Promise<Outcome>;
  /** The refusals the form shows (default: formErrors); null for an error that is not the user's to correct. */
  refusals?: (error: unknown) => PageError[] | null;
  /** Where the request's fields are in a form repeated on its page (one per row): its refusals go under it. */
  prefix?: string;
  /**
   * The form's hidden checksum of what it read, and where a refusal as read before another save (409) carries the one
   * of what is saved now: the form is shown again with that one, so that sending it again overwrites knowingly.
   */
  readChecksum?: { field: string; detail: string };
  /** Shown first, when the form was not posted from its confirmation page (an action that cannot be undone). */
  confirm?: () => Promise<void>;
  notice: string | ((outcome: Outcome) => string);
}

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
    private readonly failedEvents: FailedEvents,
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
  invite(@CurrentActor() actor: OrganizationActor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    return this.submit(response, actor, {
      page: 'users',
      form: 'add',
      body,
      run: async () => {
        const request = await validated(InvitationRequest, {
          email: text(body, '/email'),
          roles: [{ role: optional(body, '/role'), departmentId: optional(body, '/departmentId') ?? undefined }],
        });
        await this.invitations.invite(actor, request.email, request.roles);
      },
      refusals: invitationErrors,
      notice: 'invitation-sent',
    });
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
      if (!isUnanswered(invitation.status))
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
    this.redirect(response, actor, 'users', 'invitation-revoked');
  }

  /** 招待メールを再送: a new link and expiry; a refusal is shown above the list. */
  @Post('invitations/:invitationId/resend')
  resendInvitation(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('invitationId') invitationId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    return this.submit(response, actor, {
      page: 'users',
      form: 'resend',
      body,
      run: () => this.invitations.resend(actor, invitationId),
      notice: 'invitation-resent',
    });
  }

  @Post('users/:userId/memberships')
  grant(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('userId') userId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const prefix = `/grants/${userId}`;
    return this.submit(response, actor, {
      page: 'users',
      form: `grant-${userId}`,
      body,
      prefix,
      run: async () => {
        const request = await validated(RoleGrantRequest, {
          role: optional(body, `${prefix}/role`),
          departmentId: optional(body, `${prefix}/departmentId`) ?? undefined,
        });
        await this.users.grantRole(actor.organizationId, userId, request, auditActorOf(actor));
      },
      notice: 'role-granted',
    });
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
  revoke(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('membershipId') membershipId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    return this.submit(response, actor, {
      page: 'users',
      form: 'revoke',
      body,
      // Refused on pressing 外す, before the confirmation page; and again on confirming, should it arise meanwhile.
      confirm: async () => {
        await this.revocations.assertRevocable(actor, membershipId);
        await this.confirmMembershipRevocation(response, actor, membershipId);
      },
      run: () => this.revocations.revoke(actor, membershipId),
      refusals: (error) =>
        error instanceof ExpertStillAskedException
          ? [{ ...expertStillAskedRefusal(error.reports), href: '#main' }]
          : null,
      notice: 'membership-revoked',
    });
  }

  private async confirmMembershipRevocation(
    response: Response,
    actor: OrganizationActor,
    membershipId: string,
  ): Promise<void> {
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
  createDepartment(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    return this.submit(response, actor, {
      page: 'departments',
      form: 'create',
      body,
      run: async () => {
        const request = await validated(DepartmentRequest, { name: text(body, '/name') });
        await this.organizations.createDepartment(actor.organizationId, request.name, auditActorOf(actor));
      },
      refusals: departmentNameErrors,
      notice: 'department-created',
    });
  }

  @Post('departments/:departmentId')
  renameDepartment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('departmentId') departmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const prefix = `/departments/${departmentId}`;
    return this.submit(response, actor, {
      page: 'departments',
      form: `rename-${departmentId}`,
      body,
      prefix,
      run: async () => {
        const request = await validated(DepartmentRenameRequest, {
          name: text(body, `${prefix}/name`),
          checksum: text(body, `${prefix}/checksum`),
        });
        return this.organizations.renameDepartment(actor.organizationId, departmentId, request, auditActorOf(actor));
      },
      refusals: departmentNameErrors,
      readChecksum: { field: `${prefix}/checksum`, detail: 'checksum' },
      notice: ({ changed }) => (changed ? 'department-renamed' : 'department-unchanged'),
    });
  }

  /**
   * 廃止する: the confirmation page names what moves to the successor (refused on the form before it when the choice
   * cannot be carried out); the confirmed form retires the department.
   */
  @Post('departments/:departmentId/retire')
  retireDepartment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('departmentId') departmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const prefix = `/departments/${departmentId}`;
    const form = `retire-${departmentId}`;
    if (wentBack(body))
      return this.renderDepartments(response, actor, { name: form, state: new FormState(formValues(body)) });
    const request = () =>
      validated(DepartmentRetirementRequest, { successorId: optional(body, `${prefix}/successorId`) ?? undefined });
    return this.submit(response, actor, {
      page: 'departments',
      form,
      body,
      prefix,
      confirm: async () => this.confirmRetirement(response, actor, departmentId, await request(), body),
      run: async () => this.retirement.retire(actor, departmentId, (await request()).successorId),
      refusals: (error) => formErrors(error, { '/successorId': '統合先' }),
      notice: 'department-retired',
    });
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

  /**
   * E-mails that failed every attempt (the same list as …/notifications/failed) and workflow events whose notifications
   * could not be written (…/notifications/failed-events), with a way to send each again.
   */
  @Get('failed-notifications')
  failedNotifications(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.renderFailedNotifications(response, actor);
  }

  /** A refusal (409: what the mail asked for was settled since) is shown above the list, which no longer offers it. */
  @Post('failed-notifications/:deliveryId/retry')
  retryNotification(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('deliveryId') deliveryId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.resend(response, actor, () => this.failed.retry(actor, deliveryId), 'notification-retried');
  }

  @Post('failed-notifications/events/:eventId/retry')
  retryNotificationEvent(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('eventId') eventId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.resend(response, actor, () => this.failedEvents.retry(actor, eventId), 'notification-event-retried');
  }

  private async resend(
    response: Response,
    actor: OrganizationActor,
    retry: () => Promise<unknown>,
    notice: string,
  ): Promise<void> {
    try {
      await retry();
    } catch (error) {
      const errors = error instanceof ConflictException ? formErrors(error) : null;
      if (!errors) throw error;
      return this.renderFailedNotifications(response, actor, errors, HttpStatus.CONFLICT);
    }
    this.redirect(response, actor, 'failed-notifications', notice);
  }

  private async renderFailedNotifications(
    response: Response,
    actor: OrganizationActor,
    errors: PageError[] = [],
    status = HttpStatus.OK,
  ): Promise<void> {
    const [deliveries, events, members] = await Promise.all([
      this.failed.list(actor.organizationId),
      this.failedEvents.list(actor.organizationId),
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
        events: events.map(FailedEventView.from),
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
  updatePublicationSettings(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    return this.submit(response, actor, {
      page: 'organization',
      form: 'publication',
      body,
      run: async () => {
        const request = await validated(OrganizationSettingsRequest, {
          publishPanelMemberNames: text(body, '/publishPanelMemberNames') === 'true',
          openDataLicence: text(body, '/openDataLicence').trim(),
          openDataLicenceUrl: text(body, '/openDataLicenceUrl').trim(),
          settingsChecksum: text(body, '/settingsChecksum'),
        });
        return this.organizations.updateSettings(actor.organizationId, request, auditActorOf(actor));
      },
      refusals: (error) => formErrors(error, ORGANIZATION_SETTING_LABELS),
      readChecksum: { field: '/settingsChecksum', detail: 'settingsChecksum' },
      notice: ({ changed }) => (changed ? 'publication-settings-saved' : 'publication-settings-unchanged'),
    });
  }

  private async renderOrganization(
    response: Response,
    actor: OrganizationActor,
    failed?: FailedForm,
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
      '/settingsChecksum': settingsChecksum(organization),
    });
    // The form refused as read before another save: what that save left, beside what was typed.
    const savedMeanwhile = failed?.name === 'publication' && status === HttpStatus.CONFLICT;
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
        savedPublication: savedMeanwhile
          ? [
              {
                label: ORGANIZATION_SETTING_LABELS['/publishPanelMemberNames'],
                value: PUBLISH_PANEL_MEMBER_NAMES_CHOICES[`${organization.publishPanelMemberNames}`],
              },
              { label: ORGANIZATION_SETTING_LABELS['/openDataLicence'], value: organization.openDataLicence },
              { label: ORGANIZATION_SETTING_LABELS['/openDataLicenceUrl'], value: organization.openDataLicenceUrl },
            ]
          : [],
        fieldLabels: ORGANIZATION_SETTING_LABELS,
        panelMemberNamesChoices: choicesOf(SETTING_ANSWERS, PUBLISH_PANEL_MEMBER_NAMES_CHOICES),
      },
      status,
    );
  }

  private async renderUsers(
    response: Response,
    actor: OrganizationActor,
    failed?: FailedForm,
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
    const listed = invitations.map(InvitationView.from);
    return this.pages.render(
      response,
      'admin/users.njk',
      {
        // Drafts and reports in review of a department nobody can sign in for wait for nobody.
        ownerless: ownerless.map((department) => ({ ...department, notice: ownerlessNotice(department) })),
        // A proposed ⑧ is approved by a planning member other than its proposer: with fewer than two, none is decided.
        plannersShort: planners < 2 ? { count: planners } : undefined,
        members: members.map(MemberView.from),
        // Every invitation the API lists, in its order: those still waiting first, with what the administrator may do.
        invitations: listed.filter((invitation) => isUnanswered(invitation.status)),
        closedInvitations: listed.filter((invitation) => !isUnanswered(invitation.status)),
        // Someone is invited into, or given a role in, a department that is not retired.
        departments: current,
        roles: Object.values(Role),
        ...this.failedForm(failed),
        currentUserId: actor.userId,
        invitationTtlDays: this.config.invitationTtlDays,
        list,
        parameters,
      },
      status ?? queryStatus(list.errors),
    );
  }

  private async renderDepartments(
    response: Response,
    actor: OrganizationActor,
    failed?: FailedForm,
    status?: HttpStatus,
  ): Promise<void> {
    const departments = await this.organizations.listDepartments(actor.organizationId);
    const names = new Map(departments.map(({ id, name }) => [id, name]));
    return this.pages.render(
      response,
      'admin/departments.njk',
      {
        // Each with the checksum its rename form sends back, unless the form was refused and keeps its own.
        departments: departments
          .filter((department) => !department.retiredAt)
          .map((department) => ({ ...department, checksum: departmentChecksum(department) })),
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

  /** Carries out a form; a refusal shows its page again with the form as entered, and success goes back to the page. */
  private async submit<Outcome>(
    response: Response,
    actor: OrganizationActor,
    { page, form, body, run, refusals = formErrors, prefix, readChecksum, confirm, notice }: AdminForm<Outcome>,
  ): Promise<void> {
    let outcome: Outcome;
    try {
      if (confirm && !isConfirmed(body)) return await confirm();
      outcome = await run();
    } catch (error) {
      const errors = refusals(error);
      if (!errors) throw error;
      const values = formValues(body);
      const renewed = readChecksum && checksumNow(error, readChecksum.detail);
      if (renewed) values[readChecksum.field] = renewed;
      const state = new FormState(values, prefix ? underPointer(errors, prefix) : errors);
      return this.renderPage(page, response, actor, { name: form, state }, statusOf(error));
    }
    this.redirect(response, actor, page, typeof notice === 'string' ? notice : notice(outcome));
  }

  private renderPage(
    page: AdminPage,
    response: Response,
    actor: OrganizationActor,
    failed: FailedForm,
    status: HttpStatus,
  ): Promise<void> {
    if (page === 'users') return this.renderUsers(response, actor, failed, status);
    if (page === 'departments') return this.renderDepartments(response, actor, failed, status);
    return this.renderOrganization(response, actor, failed, status);
  }

  private redirect(response: Response, actor: OrganizationActor, page: string, notice: string): void {
    this.pages.redirect(response, organizationPath(actor.organizationId, `admin/${page}`), notice);
  }

  private failedForm(failed?: FailedForm): {
    formFor: (name: string) => FormState;
    errors: PageError[];
  } {
    return {
      formFor: (name: string) => (failed?.name === name ? failed.state : new FormState()),
      errors: failed?.state.errors ?? [],
    };
  }
}

/** The invitation form's refusals: its single role is /roles/0 in the request. */
function invitationErrors(error: unknown): PageError[] | null {
  return (
    formErrors(error, { '/roles/0/role': '役割', '/roles/0/departmentId': '部署' })?.map((item) =>
      item.path?.startsWith('/roles/0/')
        ? { ...item, path: item.path.slice('/roles/0'.length), href: `#f-${item.path.slice('/roles/0/'.length)}` }
        : item,
    ) ?? null
  );
}

/**
 * A department form's refusals, all beside its one field (a name taken, too, is about the name), but a rename made from
 * a name changed meanwhile: a notice, as nothing typed was wrong.
 */
function departmentNameErrors(error: unknown): PageError[] | null {
  return (
    formErrors(error, { '/name': '部署名' })?.map((item) =>
      item.path || item.changed ? item : { ...item, path: '/name', href: '#f-name' },
    ) ?? null
  );
}

/** The checksum of what is saved now that a refusal as read before another save (409) carries in its details. */
function checksumNow(error: unknown, detail: string): string | undefined {
  if (!(error instanceof ConflictException)) return undefined;
  const response = error.getResponse();
  const details = typeof response === 'object' ? (response as { details?: Record<string, unknown> }).details : null;
  const checksum = details?.[detail];
  return typeof checksum === 'string' ? checksum : undefined;
}
