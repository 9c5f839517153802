using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Programmes;

public sealed record PostJob(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode, JobKind Kind,
    [property: Required, MaxLength(JobPosting.TitleMaxLength)] string Title,
    [property: MaxLength(JobPosting.TextMaxLength)] string? Description,
    Guid? EmployerId, long PayMinYuan, long PayMaxYuan, PayPer PayPer,
    [property: Required, MaxLength(JobPosting.ShortMaxLength)] string Hours, bool AtHome,
    [property: MaxLength(JobPosting.ShortMaxLength)] string? Place, IReadOnlyList<SuitedGroups>? Suits, DateOnly ClosesOn);

public sealed record PostingView(Guid Id, string CommunityCode, JobKind Kind, string Title, string Description, string EmployerName, long PayMinYuan, long PayMaxYuan,
    PayPer PayPer, string Hours, bool AtHome, string Place, IReadOnlyList<SuitedGroups> Suits, DateOnly ClosesOn, bool Open, bool Applied);

public sealed record RecordOutcome(ApplicationOutcome Outcome, IncomeBand? IncomeBand);

public sealed record ApplicationView(Guid Id, Guid PostingId, string PostingTitle, string MaskedName, ApplicationOutcome Outcome, IncomeBand? IncomeBand, DateTime AppliedAt);

public sealed record SessionPlan(DateTime StartsAt, DateTime EndsAt);

public sealed record PlanCourse(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    [property: Required, MaxLength(TrainingCourse.TitleMaxLength)] string Title,
    [property: MaxLength(JobPosting.TextMaxLength)] string? Description,
    [property: Required, MaxLength(JobPosting.ShortMaxLength)] string Place, int Capacity, IReadOnlyList<SessionPlan> Sessions);

public sealed record MarkAttendance(Guid PersonId);

public sealed record CourseItem(Guid Id, string Title, string Place, int Capacity, int Enrolled, int Waiting, int Sessions, DateTime? FirstSessionAt);

public sealed record SessionView(Guid Id, int Number, DateTime StartsAt, DateTime EndsAt, int Attended);

public sealed record EnrolmentView(Guid PersonId, string MaskedName, EnrolmentStatus Status, int QueueNumber, int SessionsAttended);

public sealed record CourseView(Guid Id, string CommunityCode, string Title, string Description, string Place, int Capacity, int Enrolled, int Waiting,
    IReadOnlyList<SessionView> Sessions, EnrolmentStatus? MyStatus, int? MyPlaceInQueue, int MySessionsAttended, IReadOnlyList<EnrolmentView>? Roster);

/// <summary>就业共富 in numbers for one community: applications and placements by kind of work, people trained.</summary>
public sealed record JobFigures(string CommunityCode, int Postings, int Applications, int Interviewed, int Placed, IReadOnlyDictionary<JobKind, int> PlacedByKind,
    int Courses, int Enrolled, int Waiting, int PeopleTrained);

/// <summary>
/// 就业共富平台: the community's staff (the 巾帼阳光站) post work and courses, record outcomes and attendance;
/// residents of the community apply and enrol. Applicants and learners show to the staff by masked name only.
/// </summary>
public sealed class JobsAndTraining(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<PostingView> PostAsync(PostJob request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await StaffCommunityAsync(scope, request.CommunityCode, ct);
        var employer = request.EmployerId is { } eid
            ? await db.Organisations.AsNoTracking().Where(o => o.Id == eid).Select(o => o.Name).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("organisation")
            : community.Name + "巾帼阳光站";
        var suits = (request.Suits ?? []).Aggregate(SuitedGroups.None, (a, s) => a | s);
        var posting = JobPosting.Post(community.Path, request.Kind, request.Title, request.Description, request.EmployerId, employer, request.PayMinYuan, request.PayMaxYuan,
            request.PayPer, request.Hours, request.AtHome, request.Place, suits, request.ClosesOn, scope.UserId!, Now);
        db.Add(posting);
        await db.SaveInTransactionAsync(ct);
        return await PostingAsync(posting.Id, ct);
    }

    public async Task<Page<PostingView>> PostingsAsync(string communityCode, bool? openOnly, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await CommunityAsync(scope, communityCode, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var today = BeijingTime.Date(Now);
        var query = db.Set<JobPosting>().AsNoTracking().Where(p => p.AreaPath == community.Path);
        if (openOnly ?? true)
        {
            query = query.Where(p => p.ClosesOn >= today);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.ClosesOn).ThenBy(p => p.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var applied = scope.PersonId is { } me
            ? (await db.Set<JobApplication>().AsNoTracking().Where(a => a.PersonId == me && ids.Contains(a.PostingId)).Select(a => a.PostingId).ToListAsync(ct)).ToHashSet()
            : [];
        return new Page<PostingView>([.. rows.Select(p => View(p, applied.Contains(p.Id)))], number, size, total);
    }

    public async Task<PostingView> ApplyAsync(Guid postingId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        await Races.SettleAsync(db, async () =>
        {
            var posting = await db.Set<JobPosting>().SingleOrDefaultAsync(p => p.Id == postingId, ct);
            if (posting is null || !scope.BoundIn(posting.AreaPath))
            {
                throw new NotFoundException("posting");
            }

            var (personId, name) = await ResidentOfAsync(scope, posting.AreaPath, ct);
            if (await db.Set<JobApplication>().AnyAsync(a => a.PostingId == postingId && a.PersonId == personId, ct))
            {
                throw new DomainRuleException("already_applied", "您已报名该岗位", "You have applied for this posting already.");
            }

            db.Add(posting.Apply(personId, PersonNames.Mask(name), Now));
            return posting.Id;
        }, ct);
        db.ChangeTracker.Clear();
        return await PostingAsync(postingId, ct);
    }

    public async Task<Page<ApplicationView>> ApplicationsAsync(Guid postingId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var posting = await db.Set<JobPosting>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == postingId, ct);
        // A read: who may not see the applicants gets 404, as out of scope, never 403.
        if (posting is null || !scope.IsStaffOf(posting.AreaPath))
        {
            throw new NotFoundException("posting");
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.Set<JobApplication>().AsNoTracking().Where(a => a.PostingId == postingId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.AppliedAt).ThenBy(a => a.Id).Skip((number - 1) * size).Take(size)
            .Select(a => new ApplicationView(a.Id, a.PostingId, posting.Title, a.MaskedName, a.Outcome, a.IncomeBand, a.AppliedAt)).ToListAsync(ct);
        return new Page<ApplicationView>(rows, number, size, total);
    }

    public async Task<ApplicationView> RecordAsync(Guid applicationId, RecordOutcome request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var application = await db.Set<JobApplication>().SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null || !scope.BoundIn(application.AreaPath))
        {
            throw new NotFoundException("application");
        }

        MustBeStaff(scope, application.AreaPath);
        application.Record(request.Outcome, request.IncomeBand, Now);
        await db.SaveInTransactionAsync(ct);
        var title = await db.Set<JobPosting>().Where(p => p.Id == application.PostingId).Select(p => p.Title).SingleAsync(ct);
        return new ApplicationView(application.Id, application.PostingId, title, application.MaskedName, application.Outcome, application.IncomeBand, application.AppliedAt);
    }

    public async Task<CourseView> PlanCourseAsync(PlanCourse request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await StaffCommunityAsync(scope, request.CommunityCode, ct);
        var course = TrainingCourse.Plan(community.Path, request.Title, request.Description, request.Place, request.Capacity,
            [.. (request.Sessions ?? []).Select(s => (BeijingTime.ToUtc(s.StartsAt), BeijingTime.ToUtc(s.EndsAt)))], scope.UserId!, Now);
        db.Add(course);
        await db.SaveInTransactionAsync(ct);
        return await CourseAsync(course.Id, ct);
    }

    public async Task<Page<CourseItem>> CoursesAsync(string communityCode, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await CommunityAsync(scope, communityCode, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.Set<TrainingCourse>().AsNoTracking().Where(c => c.AreaPath == community.Path);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id).Skip((number - 1) * size).Take(size)
            .Select(c => new CourseItem(c.Id, c.Title, c.Place, c.Capacity, c.Enrolments.Count(e => e.Status == EnrolmentStatus.Enrolled),
                c.Enrolments.Count(e => e.Status == EnrolmentStatus.Waiting), c.Sessions.Count, c.Sessions.Min(s => (DateTime?)s.StartsAt)))
            .ToListAsync(ct);
        return new Page<CourseItem>(rows, number, size, total);
    }

    public async Task<CourseView> CourseAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var course = await db.Set<TrainingCourse>().AsNoTracking().AsSplitQuery().Include(c => c.Sessions).Include(c => c.Enrolments).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (course is null || !scope.BoundIn(course.AreaPath))
        {
            throw new NotFoundException("course");
        }

        var attendance = await db.Set<CourseAttendance>().AsNoTracking().Where(a => a.CourseId == id).Select(a => new { a.SessionId, a.PersonId }).ToListAsync(ct);
        var mine = scope.PersonId is { } me ? course.Enrolments.SingleOrDefault(e => e.PersonId == me && e.Status != EnrolmentStatus.Withdrawn) : null;
        var waiting = course.Enrolments.Where(e => e.Status == EnrolmentStatus.Waiting).OrderBy(e => e.QueueNumber).ToList();
        var roster = scope.IsStaffOf(course.AreaPath)
            ? course.Enrolments.Where(e => e.Status != EnrolmentStatus.Withdrawn).OrderBy(e => e.Status).ThenBy(e => e.QueueNumber)
                .Select(e => new EnrolmentView(e.PersonId, e.MaskedName, e.Status, e.QueueNumber, attendance.Count(a => a.PersonId == e.PersonId))).ToList()
            : null;
        return new CourseView(course.Id, AreaPath.CodeOf(course.AreaPath), course.Title, course.Description, course.Place, course.Capacity, course.Enrolled, waiting.Count,
            [.. course.Sessions.OrderBy(s => s.Number).Select(s => new SessionView(s.Id, s.Number, s.StartsAt, s.EndsAt, attendance.Count(a => a.SessionId == s.Id)))],
            mine?.Status, mine is { Status: EnrolmentStatus.Waiting } ? waiting.IndexOf(mine) + 1 : null,
            mine is null ? 0 : attendance.Count(a => a.PersonId == mine.PersonId), roster);
    }

    /// <summary>报名 a course: a seat or the waiting list. Two enrolments for the last seat: one gets it, the other waits.</summary>
    public Task<CourseView> EnrolAsync(Guid id, CancellationToken ct = default) =>
        OnCourseAsync(id, async (course, scope) =>
        {
            var (personId, name) = await ResidentOfAsync(scope, course.AreaPath, ct);
            course.Enrol(personId, scope.UserId!, PersonNames.Mask(name), Now);
        }, ct);

    public Task<CourseView> WithdrawAsync(Guid id, CancellationToken ct = default) =>
        OnCourseAsync(id, (course, scope) =>
        {
            course.Withdraw(scope.PersonId ?? Guid.Empty, Now);
            return Task.CompletedTask;
        }, ct);

    public async Task<CourseView> AttendAsync(Guid id, Guid sessionId, MarkAttendance request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        await Races.SettleAsync(db, async () =>
        {
            var course = await db.Set<TrainingCourse>().AsSplitQuery().Include(c => c.Sessions).Include(c => c.Enrolments).SingleOrDefaultAsync(c => c.Id == id, ct);
            if (course is null || !scope.BoundIn(course.AreaPath))
            {
                throw new NotFoundException("course");
            }

            MustBeStaff(scope, course.AreaPath);
            var already = await db.Set<CourseAttendance>().AsNoTracking().Where(a => a.SessionId == sessionId && a.PersonId == request.PersonId).ToListAsync(ct);
            db.Add(course.MarkAttendance(sessionId, request.PersonId, already, Now));
            return course.Id;
        }, ct);
        db.ChangeTracker.Clear();
        return await CourseAsync(id, ct);
    }

    public async Task<JobFigures> FiguresAsync(string communityCode, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await CommunityAsync(scope, communityCode, ct);
        var path = community.Path;
        var applications = await db.Set<JobApplication>().AsNoTracking().Where(a => a.AreaPath == path)
            .Join(db.Set<JobPosting>(), a => a.PostingId, p => p.Id, (a, p) => new { a.Outcome, p.Kind }).ToListAsync(ct);
        var enrolments = await db.Set<CourseEnrolment>().AsNoTracking().Where(e => e.AreaPath == path).Select(e => e.Status).ToListAsync(ct);
        var trained = await db.Set<CourseAttendance>().AsNoTracking().Where(a => a.AreaPath == path).Select(a => a.PersonId).Distinct().CountAsync(ct);
        var hired = applications.Where(a => a.Outcome == ApplicationOutcome.Hired).ToList();
        return new JobFigures(community.Code, await db.Set<JobPosting>().CountAsync(p => p.AreaPath == path, ct), applications.Count,
            applications.Count(a => a.Outcome is ApplicationOutcome.Interviewed or ApplicationOutcome.Hired or ApplicationOutcome.NotHired), hired.Count,
            hired.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count()), await db.Set<TrainingCourse>().CountAsync(c => c.AreaPath == path, ct),
            enrolments.Count(s => s == EnrolmentStatus.Enrolled), enrolments.Count(s => s == EnrolmentStatus.Waiting), trained);
    }

    private async Task<CourseView> OnCourseAsync(Guid id, Func<TrainingCourse, Scope, Task> act, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        await Races.SettleAsync(db, async () =>
        {
            var course = await db.Set<TrainingCourse>().AsSplitQuery().Include(c => c.Sessions).Include(c => c.Enrolments).SingleOrDefaultAsync(c => c.Id == id, ct);
            if (course is null || !scope.BoundIn(course.AreaPath))
            {
                throw new NotFoundException("course");
            }

            await act(course, scope);
            return course.Id;
        }, ct);
        db.ChangeTracker.Clear();
        return await CourseAsync(id, ct);
    }

    private async Task<PostingView> PostingAsync(Guid id, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var posting = await db.Set<JobPosting>().AsNoTracking().SingleAsync(p => p.Id == id, ct);
        var applied = scope.PersonId is { } me && await db.Set<JobApplication>().AnyAsync(a => a.PostingId == id && a.PersonId == me, ct);
        return View(posting, applied);
    }

    private PostingView View(JobPosting p, bool applied) =>
        new(p.Id, AreaPath.CodeOf(p.AreaPath), p.Kind, p.Title, p.Description, p.EmployerName, p.PayMinYuan, p.PayMaxYuan, p.PayPer, p.Hours, p.AtHome, p.Place,
            [.. Enum.GetValues<SuitedGroups>().Where(g => g != SuitedGroups.None && p.Suits.HasFlag(g))], p.ClosesOn, p.IsOpen(Now), applied);

    private async Task<CommunityRef> CommunityAsync(Scope scope, string code, CancellationToken ct)
    {
        var community = await Communities.ByCodeAsync(db, code, ct);
        return scope.BoundIn(community.Path) ? community : throw new NotFoundException("community");
    }

    private async Task<CommunityRef> StaffCommunityAsync(Scope scope, string code, CancellationToken ct)
    {
        var community = await CommunityAsync(scope, code, ct);
        MustBeStaff(scope, community.Path);
        return community;
    }

    private static void MustBeStaff(Scope scope, string communityPath)
    {
        if (!scope.IsStaffOf(communityPath))
        {
            throw new DomainRuleException("not_community_staff", "只有社区工作人员可以办理", "Only the community's staff do this.", RuleKind.Forbidden);
        }
    }

    private async Task<(Guid PersonId, string Name)> ResidentOfAsync(Scope scope, string communityPath, CancellationToken ct)
    {
        var id = scope.PersonId;
        var person = id is null ? null : await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Id, p.Name, p.AreaPath }).SingleOrDefaultAsync(ct);
        return person is not null && AreaPath.IsUnder(person.AreaPath, communityPath)
            ? (person.Id, person.Name)
            : throw new DomainRuleException("not_a_resident_here", "只有本社区登记在册的居民可以报名", "Only registered residents of the community can do this.", RuleKind.Forbidden);
    }
}
