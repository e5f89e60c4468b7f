import { ConflictException, ForbiddenException, HttpException, UnprocessableEntityException } from '@nestjs/common';
import type { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import {
  authorizeAction,
  ReportAction,
  type ReportSubject,
  reopensForEditing,
  rolesFor,
  statesFor,
  WORKFLOW_RULES,
} from './report-workflow';
import { ReportStatus } from './report-status';
import { AssignmentStatus } from './assignment-status';

type State = `${ReportStatus}`;
type Who = 'owner' | 'expert' | 'planning' | 'admin';

const STATES = Object.values(ReportStatus);
const ACTIONS = Object.values(ReportAction);
const EVERYONE: Who[] = ['owner', 'expert', 'planning', 'admin'];

/**
 * What the product promises, written out independently of the rules table it tests:
 * for each state, the actions allowed, by whom, and the state they lead to. Everything not listed is refused.
 */
const ALLOWED: Record<State, Partial<Record<`${ReportAction}`, { by: Who[]; to: State | 'deleted' }>>> = {
  draft: {
    edit: { by: ['owner'], to: 'draft' },
    delete: { by: ['owner', 'planning'], to: 'deleted' },
    submit: { by: ['owner'], to: 'submitted' },
  },
  submitted: {
    withdraw: { by: ['owner'], to: 'draft' },
    return: { by: ['planning'], to: 'draft' },
    accept: { by: ['planning'], to: 'in_expert_review' },
  },
  in_expert_review: {
    respond_to_assignment: { by: ['expert'], to: 'in_expert_review' },
    enter_opinion: { by: ['expert'], to: 'in_expert_review' },
    enter_opinion_on_behalf: { by: ['planning'], to: 'in_expert_review' },
    ask_question: { by: ['expert'], to: 'in_expert_review' },
    answer_question: { by: ['owner'], to: 'in_expert_review' },
    evaluate: { by: ['planning'], to: 'evaluated' },
    add_experts: { by: ['planning', 'admin'], to: 'in_expert_review' },
    reassign_experts: { by: ['admin'], to: 'in_expert_review' },
    remind_expert: { by: ['planning'], to: 'in_expert_review' },
    dismiss_expert: { by: ['planning', 'admin'], to: 'in_expert_review' },
    reopen_assignment: { by: ['planning', 'admin'], to: 'in_expert_review' },
    invite_alternate: { by: ['planning', 'admin'], to: 'in_expert_review' },
    list_alternates: { by: ['planning', 'admin'], to: 'in_expert_review' },
  },
  evaluated: {
    answer_question: { by: ['owner'], to: 'evaluated' },
    propose_policy: { by: ['planning'], to: 'decision_proposed' },
  },
  decision_proposed: {
    approve_policy: { by: ['planning'], to: 'decided' },
    send_back_proposal: { by: ['planning'], to: 'evaluated' },
  },
  decided: { publish: { by: ['planning'], to: 'published' }, reopen: { by: ['admin'], to: 'evaluated' } },
  published: {
    start_correction: { by: ['admin'], to: 'correcting' },
    withdraw_publication: { by: ['admin'], to: 'withdrawn' },
  },
  // A correction cancelled goes back to where it was opened from: here 公表 (see below for 公表の取消). Its last edition
  // is public meanwhile, so it can be taken down at once; the correction goes on.
  correcting: {
    edit: { by: ['owner'], to: 'correcting' },
    submit_correction: { by: ['owner'], to: 'correction_submitted' },
    correct_assessment: { by: ['planning'], to: 'correcting' },
    cancel_correction: { by: ['admin'], to: 'published' },
    withdraw_publication: { by: ['admin'], to: 'correcting' },
  },
  correction_submitted: {
    withdraw_correction: { by: ['owner'], to: 'correcting' },
    return_correction: { by: ['planning'], to: 'correcting' },
    publish: { by: ['planning'], to: 'published' },
    cancel_correction: { by: ['admin'], to: 'published' },
    withdraw_publication: { by: ['admin'], to: 'correction_submitted' },
  },
  withdrawn: { start_correction: { by: ['admin'], to: 'correcting' } },
};

const ORGANIZATION = 'org-asahikawa';
const DEPARTMENT = 'dept-economy';

function actor(
  userId: string,
  roles: Role[],
  departmentIds: string[] = [],
  organizationId = ORGANIZATION,
): OrganizationActor {
  return {
    userId,
    sessionId: `session-${userId}`,
    organizationId,
    roles,
    departmentIds,
    requestId: 'request',
    ipAddress: '127.0.0.1',
  };
}

/** Each in their relation to the report: the owning department, an assigned expert, a planning user who did not propose. */
const ACTORS: Record<Who, OrganizationActor> = {
  owner: actor('owner', [Role.ProjectOwner], [DEPARTMENT]),
  expert: actor('expert-a', [Role.ExternalExpert]),
  planning: actor('approver', [Role.PlanningDivision]),
  admin: actor('admin', [Role.Administrator]),
};

/** A complete report in `status`, with expert A assigned and the other planning user as proposer once past the draft. */
function report(status: ReportStatus, facts: Partial<ReportSubject> = {}): ReportSubject {
  return {
    status,
    organizationId: ORGANIZATION,
    departmentId: DEPARTMENT,
    assignedExpertIds: ['expert-a'],
    proposedBy: status === ReportStatus.Draft ? null : 'planner',
    policyCorrectedBy: [],
    submissionProblems: [],
    awaitedExperts: [],
    openedFrom: ReportStatus.Published,
    ...facts,
  };
}

function refusalOf(run: () => unknown): HttpException {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpException) return error;
    throw error;
  }
  throw new Error('Expected a refusal, but the action was authorized.');
}

/** Someone who may do the action in some state is told "not now" (409); anyone else "never" (403). */
const mayEverDo = (action: ReportAction, who: Who) => STATES.some((state) => ALLOWED[state][action]?.by.includes(who));

const TRIPLES = STATES.flatMap((state) =>
  ACTIONS.flatMap((action) =>
    EVERYONE.map((who) => {
      const allowed = ALLOWED[state][action];
      const expected = allowed?.by.includes(who)
        ? `allowed → ${allowed.to}`
        : mayEverDo(action, who)
          ? 'refused 409'
          : 'refused 403';
      return { state, action, who, expected };
    }),
  ),
);

describe('authorizeAction: every (state, action, role)', () => {
  it.each(TRIPLES)('from $state, $action by $who: $expected', ({ state, action, who, expected }) => {
    const allowed = ALLOWED[state][action];
    if (allowed?.by.includes(who)) {
      const rule = authorizeAction(action, report(state), ACTORS[who]);
      // Deleting removes the report instead of moving it; every other action names its next state or keeps this one.
      expect(allowed.to === 'deleted' ? rule.to : (rule.to ?? state)).toBe(
        allowed.to === 'deleted' ? undefined : allowed.to,
      );
    } else {
      const refusal = refusalOf(() => authorizeAction(action, report(state), ACTORS[who]));
      expect(`refused ${refusal.getStatus()}`).toBe(expected);
    }
  });
});

describe('authorizeAction: conditions beyond role and state', () => {
  it('refuses to submit an incomplete draft with 422, passing on what is missing', () => {
    const problems = [{ path: '/effectLevel', message: '⑥事業効果 is required' }];

    const refusal = refusalOf(() =>
      authorizeAction(ReportAction.Submit, report(ReportStatus.Draft, { submissionProblems: problems }), ACTORS.owner),
    );

    expect(refusal).toBeInstanceOf(UnprocessableEntityException);
    expect(refusal.getResponse()).toMatchObject({ details: problems });
  });

  it('refuses to submit an incomplete correction with 422, as it refuses an incomplete draft', () => {
    const problems = [{ path: '/effectNarrative', message: '⑥事業効果の説明 is required' }];

    const refusal = refusalOf(() =>
      authorizeAction(
        ReportAction.SubmitCorrection,
        report(ReportStatus.Correcting, { submissionProblems: problems }),
        ACTORS.owner,
      ),
    );

    expect(refusal).toBeInstanceOf(UnprocessableEntityException);
    expect(refusal.getResponse()).toMatchObject({ details: problems });
  });

  it('refuses the proposer the approval of their own proposal (four-eyes), but not the sending back', () => {
    const proposedByMe = report(ReportStatus.DecisionProposed, { proposedBy: ACTORS.planning.userId });

    const refusal = refusalOf(() => authorizeAction(ReportAction.ApprovePolicy, proposedByMe, ACTORS.planning));

    expect(refusal).toBeInstanceOf(ForbiddenException);
    expect(refusal.message).toMatch(/four-eyes/);
    expect(authorizeAction(ReportAction.SendBackProposal, proposedByMe, ACTORS.planning).to).toBe(
      ReportStatus.Evaluated,
    );
  });

  it('refuses every corrector of ⑧ the publication of the correction (four-eyes), but not the first publication', () => {
    const correctedByMe = report(ReportStatus.CorrectionSubmitted, {
      policyCorrectedBy: [ACTORS.planning.userId, 'planner'],
    });

    const refusal = refusalOf(() => authorizeAction(ReportAction.Publish, correctedByMe, ACTORS.planning));

    expect(refusal).toBeInstanceOf(ForbiddenException);
    expect(refusal.message).toMatch(/corrected it \(four-eyes\)/);
    expect(
      authorizeAction(ReportAction.Publish, { ...correctedByMe, status: ReportStatus.Decided }, ACTORS.planning).to,
    ).toBe(ReportStatus.Published);
    // Corrected by me first and by another after, or the other way round: my change has had no other eyes on it.
    const correctedByMeLast = { ...correctedByMe, policyCorrectedBy: ['planner', ACTORS.planning.userId] };
    expect(refusalOf(() => authorizeAction(ReportAction.Publish, correctedByMeLast, ACTORS.planning))).toBeInstanceOf(
      ForbiddenException,
    );
    const correctedByOthers = { ...correctedByMe, policyCorrectedBy: ['planner', 'another-planner'] };
    expect(authorizeAction(ReportAction.Publish, correctedByOthers, ACTORS.planning).to).toBe(ReportStatus.Published);
  });

  it('refuses the evaluation with 409 while an expert still asked has given no opinion, naming each', () => {
    const awaitedExperts = [
      { expertUserId: 'expert-a', name: '山田 太郎', status: AssignmentStatus.Pending },
      { expertUserId: 'expert-b', name: '佐藤 花子', status: AssignmentStatus.Accepted },
    ];

    const refusal = refusalOf(() =>
      authorizeAction(ReportAction.Evaluate, report(ReportStatus.InExpertReview, { awaitedExperts }), ACTORS.planning),
    );

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.getResponse()).toMatchObject({ details: { awaitedExperts } });
    expect(refusal.message).toBe(
      "The panel's opinions are not all in: awaited from 山田 太郎 (not answered yet), 佐藤 花子 (accepted, no opinion yet). " +
        "Enter each opinion on the expert's behalf (意見の代理入力) or dismiss the expert (未回答で解除) before evaluating.",
    );
  });

  it('lets planning evaluate once no one is awaited, a review left with no expert asked included', () => {
    const noOneAsked = report(ReportStatus.InExpertReview, { assignedExpertIds: [], awaitedExperts: [] });

    expect(authorizeAction(ReportAction.Evaluate, noOneAsked, ACTORS.planning).to).toBe(ReportStatus.Evaluated);
  });

  it('waits for opinions only to evaluate: the review goes on meanwhile', () => {
    const awaited = report(ReportStatus.InExpertReview, {
      awaitedExperts: [{ expertUserId: 'expert-a', name: '山田 太郎', status: AssignmentStatus.Accepted }],
    });

    for (const action of [ReportAction.EnterOpinion, ReportAction.DismissExpert, ReportAction.RemindExpert])
      expect(() =>
        authorizeAction(action, awaited, action === ReportAction.EnterOpinion ? ACTORS.expert : ACTORS.planning),
      ).not.toThrow();
  });

  it('counts a role only in its relation to the report', () => {
    const otherDepartment = actor('owner-2', [Role.ProjectOwner], ['dept-tourism']);
    const unassignedExpert = actor('expert-b', [Role.ExternalExpert]);
    const otherOrganization = actor('planner-kushiro', [Role.PlanningDivision], [], 'org-kushiro');

    expect(
      refusalOf(() => authorizeAction(ReportAction.Edit, report(ReportStatus.Draft), otherDepartment)),
    ).toBeInstanceOf(ForbiddenException);
    expect(
      refusalOf(() =>
        authorizeAction(ReportAction.EnterOpinion, report(ReportStatus.InExpertReview), unassignedExpert),
      ),
    ).toBeInstanceOf(ForbiddenException);
    expect(
      refusalOf(() => authorizeAction(ReportAction.Publish, report(ReportStatus.Decided), otherOrganization)),
    ).toBeInstanceOf(ForbiddenException);
  });

  it('names the refused action in a sentence that reads for any action', () => {
    const unassignedExpert = actor('expert-b', [Role.ExternalExpert]);

    expect(
      refusalOf(() => authorizeAction(ReportAction.EnterOpinion, report(ReportStatus.InExpertReview), unassignedExpert))
        .message,
    ).toBe('You may not take the action "enter opinion" on this report.');
  });

  it('lets a user with several roles act through whichever relation holds', () => {
    const ownerAndExpert = actor('owner-expert', [Role.ProjectOwner, Role.ExternalExpert], [DEPARTMENT]);

    expect(
      authorizeAction(ReportAction.AnswerQuestion, report(ReportStatus.InExpertReview), ownerAndExpert).action,
    ).toBe(ReportAction.AnswerQuestion);
    expect(
      refusalOf(() => authorizeAction(ReportAction.AskQuestion, report(ReportStatus.InExpertReview), ownerAndExpert)),
    ).toBeInstanceOf(ForbiddenException);
    expect(
      refusalOf(() => authorizeAction(ReportAction.Edit, report(ReportStatus.Submitted), ownerAndExpert)),
    ).toBeInstanceOf(ConflictException);
  });
});

describe('authorizeAction: a correction cancelled (訂正の取りやめ)', () => {
  it.each([ReportStatus.Correcting, ReportStatus.CorrectionSubmitted])(
    'leads from %s back to the state the correction was opened from, 公表 or 公表の取消',
    (status) => {
      for (const openedFrom of [ReportStatus.Published, ReportStatus.Withdrawn]) {
        const rule = authorizeAction(ReportAction.CancelCorrection, report(status, { openedFrom }), ACTORS.admin);
        expect(rule.to).toBe(openedFrom);
      }
    },
  );

  it('refuses with 409 a correction whose report does not say where it was opened from, rather than guessing', () => {
    const refusal = refusalOf(() =>
      authorizeAction(
        ReportAction.CancelCorrection,
        report(ReportStatus.Correcting, { openedFrom: null }),
        ACTORS.admin,
      ),
    );
    expect(refusal).toBeInstanceOf(ConflictException);
  });

  it('is declared as a way back, not as a state of its own, so it never counts as opening the report for editing', () => {
    const [rule] = WORKFLOW_RULES.filter((candidate) => candidate.action === ReportAction.CancelCorrection);
    expect(rule).toMatchObject({ backTo: [ReportStatus.Published, ReportStatus.Withdrawn] });
    expect(rule.to).toBeUndefined();
  });
});

describe('authorizeAction: a publication withdrawn during a correction (公表の取消 while 訂正中)', () => {
  it.each([ReportStatus.Correcting, ReportStatus.CorrectionSubmitted])(
    'leaves a report in %s where it is, so its owner goes on correcting',
    (status) => {
      const rule = authorizeAction(ReportAction.WithdrawPublication, report(status), ACTORS.admin);
      expect(rule.to).toBeUndefined();
    },
  );

  it.each([ReportStatus.Correcting, ReportStatus.CorrectionSubmitted])(
    'refuses with 409 a second withdrawal from %s when the publication is withdrawn already',
    (status) => {
      const refusal = refusalOf(() =>
        authorizeAction(
          ReportAction.WithdrawPublication,
          report(status, { openedFrom: ReportStatus.Withdrawn }),
          ACTORS.admin,
        ),
      );
      expect(refusal).toBeInstanceOf(ConflictException);
    },
  );
});

describe('rolesFor (the access guard’s coarse check of a route)', () => {
  const ROLE_OF: Record<Who, Role> = {
    owner: Role.ProjectOwner,
    expert: Role.ExternalExpert,
    planning: Role.PlanningDivision,
    admin: Role.Administrator,
  };

  it.each(ACTIONS)('admits to %s exactly the roles that may do it in some state', (action) => {
    const expected = EVERYONE.filter((who) => mayEverDo(action, who)).map((who) => ROLE_OF[who]);
    expect([...rolesFor(action)].sort()).toEqual(expected.sort());
  });
});

describe('statesFor (what lists of things to do now ask the rules)', () => {
  it.each(ACTIONS)('gives for %s exactly the states it may start from', (action) => {
    const expected = STATES.filter((state) => ALLOWED[state][action] !== undefined);
    expect([...statesFor(action)].sort()).toEqual([...expected].sort());
  });
});

describe('reopensForEditing (when a report takes its project’s plan again)', () => {
  it('holds for the returns to 作成中 and 訂正中 and the start of a correction, and for nothing else', () => {
    expect(ACTIONS.filter(reopensForEditing).sort()).toEqual(
      [
        ReportAction.Withdraw,
        ReportAction.Return,
        ReportAction.StartCorrection,
        ReportAction.WithdrawCorrection,
        ReportAction.ReturnCorrection,
      ].sort(),
    );
  });
});

describe('keepsVersion (what leaves a decision taken on the report current)', () => {
  it('keeps the version for questions, reminders, answers that take away only someone without an opinion, and alternates listed', () => {
    const keeping = WORKFLOW_RULES.filter((rule) => rule.keepsVersion).map((rule) => rule.action);
    expect(new Set(keeping)).toEqual(
      new Set([
        ReportAction.RespondToAssignment,
        ReportAction.AskQuestion,
        ReportAction.AnswerQuestion,
        ReportAction.RemindExpert,
        ReportAction.DismissExpert,
        ReportAction.ListAlternates,
      ]),
    );
  });

  it('moves it for whatever changes whose opinions the evaluation consolidates or awaits', () => {
    const moving = [
      ReportAction.EnterOpinion,
      ReportAction.EnterOpinionOnBehalf,
      ReportAction.AddExperts,
      ReportAction.ReassignExperts,
      ReportAction.ReopenAssignment,
      ReportAction.InviteAlternate,
    ];
    for (const action of moving)
      expect(WORKFLOW_RULES.filter((rule) => rule.action === action).every((rule) => !rule.keepsVersion)).toBe(true);
  });

  it('is only for actions that lead to no other state', () => {
    expect(WORKFLOW_RULES.filter((rule) => rule.keepsVersion && rule.to)).toEqual([]);
  });
});
