import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, Roles, etagOf, type Actor, type Page } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import {
  AmendReviewDto,
  AssignAdvisorDto,
  AssignmentQuery,
  AssignmentResponseDto,
  DueDateDto,
  ReviewQuery,
  RevisionQuery,
  SubmitReviewDto,
} from './dto/review.dto.js';
import { AssignmentsService } from './assignments.service.js';
import {
  AssignmentPageView,
  AssignmentView,
  ReviewPageView,
  ReviewRevisionPageView,
  ReviewRevisionView,
  ReviewSummaryView,
  ReviewView,
} from './review.view.js';
import { ReviewsService, type ReviewSummary } from './reviews.service.js';

@ApiTags('screening reviews')
@ApiBearerAuth()
@Controller('v1/proposals/:id')
export class ReviewsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly reviews: ReviewsService,
  ) {}

  @Post('assignments')
  @ApiOperation({ summary: 'Assign an advisor to review (conflicts of interest are checked in the registry)' })
  @ApiResponse({ status: 201, type: AssignmentView })
  @ApiResponse({ status: 409, description: 'Conflict of interest (with `conflicts`) and no waiver; or already assigned; or too late.' })
  assign(@IdParam() id: string, @Body() body: AssignAdvisorDto, @CurrentActor() actor: Actor): Promise<AssignmentView> {
    return this.assignments.assign(actor, id, body);
  }

  @Get('assignments')
  @Roles('admin', 'coordinator', 'advisor')
  @ApiOperation({ summary: 'Review assignments (an advisor sees only their own)' })
  @ApiOkResponse({ type: AssignmentPageView })
  listAssignments(@IdParam() id: string, @Query() query: AssignmentQuery, @CurrentActor() actor: Actor): Promise<Page<AssignmentView>> {
    return this.assignments.list(actor, id, query);
  }

  @Put('assignments/:assignmentId/due-date')
  @ApiOperation({ summary: 'Move an open assignment’s due day (the reminders follow the new day)' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The assignment’s ETag (428 without, 412 when stale)' })
  @ApiResponse({ status: 200, type: AssignmentView })
  async changeDueDate(
    @IdParam() id: string,
    @IdParam('assignmentId') assignmentId: string,
    @Body() body: DueDateDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssignmentView> {
    const view = await this.assignments.changeDueDate(actor, id, assignmentId, ifMatch, body.dueOn);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post('assignments/:assignmentId/decline')
  @HttpCode(200)
  @Roles('admin', 'coordinator', 'advisor')
  @ApiOperation({ summary: 'The advisor declines the assignment' })
  @ApiResponse({ status: 200, type: AssignmentView })
  decline(
    @IdParam() id: string,
    @IdParam('assignmentId') assignmentId: string,
    @Body() body: AssignmentResponseDto,
    @CurrentActor() actor: Actor,
  ): Promise<AssignmentView> {
    return this.assignments.respond(actor, id, assignmentId, 'declined', body.reason);
  }

  @Post('assignments/:assignmentId/declare-conflict')
  @HttpCode(200)
  @Roles('admin', 'coordinator', 'advisor')
  @ApiOperation({ summary: 'The advisor declares a conflict of interest (the assignment ends)' })
  @ApiResponse({ status: 200, type: AssignmentView })
  declareConflict(
    @IdParam() id: string,
    @IdParam('assignmentId') assignmentId: string,
    @Body() body: AssignmentResponseDto,
    @CurrentActor() actor: Actor,
  ): Promise<AssignmentView> {
    return this.assignments.respond(actor, id, assignmentId, 'conflict_declared', body.reason);
  }

  @Post('reviews')
  @Roles('admin', 'coordinator', 'advisor')
  @ApiOperation({ summary: 'Submit a written review: points per criterion, comment, recommendation' })
  @ApiResponse({ status: 201, type: ReviewView })
  submit(@IdParam() id: string, @Body() body: SubmitReviewDto, @CurrentActor() actor: Actor): Promise<ReviewView> {
    return this.reviews.submit(actor, id, body);
  }

  @Get('reviews')
  @Roles('admin', 'coordinator', 'advisor')
  @ApiOperation({ summary: 'Written reviews (an advisor sees only their own)' })
  @ApiOkResponse({ type: ReviewPageView })
  listReviews(@IdParam() id: string, @Query() query: ReviewQuery, @CurrentActor() actor: Actor): Promise<Page<ReviewView>> {
    return this.reviews.list(actor, id, query);
  }

  @Put('reviews/:reviewId')
  @Roles('admin', 'coordinator', 'advisor')
  @ApiOperation({
    summary: 'Amend a written review (the reviewer’s own; staff any) until the committee decides; the earlier text is kept',
  })
  @ApiHeader({ name: 'if-match', required: true, description: 'The review’s ETag (its version)' })
  @ApiResponse({ status: 200, type: ReviewView })
  @ApiResponse({ status: 409, description: 'The committee has decided (`PROPOSALS.REVIEW_LOCKED_BY_DECISION`), or not in screening.' })
  async amend(
    @IdParam() id: string,
    @IdParam('reviewId') reviewId: string,
    @Body() body: AmendReviewDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReviewView> {
    const view = await this.reviews.amend(actor, id, reviewId, ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get('reviews/:reviewId/revisions')
  @Roles('admin', 'coordinator', 'advisor')
  @ApiOperation({ summary: 'The earlier texts of an amended review, oldest first' })
  @ApiOkResponse({ type: ReviewRevisionPageView })
  revisions(
    @IdParam() id: string,
    @IdParam('reviewId') reviewId: string,
    @Query() query: RevisionQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<ReviewRevisionView>> {
    return this.reviews.revisions(actor, id, reviewId, query);
  }

  @Get('review-summary')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Mean and spread per criterion and overall, with the rubric’s fail rules applied to the means' })
  @ApiOkResponse({ type: ReviewSummaryView })
  summary(@IdParam() id: string, @CurrentActor() actor: Actor): Promise<ReviewSummary> {
    return this.reviews.summary(actor, id);
  }
}
