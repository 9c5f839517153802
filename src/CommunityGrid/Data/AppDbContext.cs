using CommunityGrid.Features.Photos;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.Open311;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.Volunteers;
using CommunityGrid.Features.WorkOrders;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data;

/// <summary>
/// The one context of the app. Each provider has a derived type (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgresAppDbContext"/>) so that each keeps its own migrations (docs/decisions/0003).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<HouseholdSurvey> HouseholdSurveys => Set<HouseholdSurvey>();
    public DbSet<CareTagRecord> CareTagRecords => Set<CareTagRecord>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Estate> Estates => Set<Estate>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SensitiveRead> SensitiveReads => Set<SensitiveRead>();
    public DbSet<Infrastructure.IdempotencyRecord> IdempotencyRecords => Set<Infrastructure.IdempotencyRecord>();
    public DbSet<WorkOrderCategory> WorkOrderCategories => Set<WorkOrderCategory>();
    public DbSet<WorkOrder> WorkOrders => Set<WorkOrder>();
    public DbSet<CategoryRoute> CategoryRoutes => Set<CategoryRoute>();
    public DbSet<WorkOrderEvent> WorkOrderEvents => Set<WorkOrderEvent>();
    public DbSet<Photo> Photos => Set<Photo>();
    public DbSet<Open311Client> Open311Clients => Set<Open311Client>();
    public DbSet<Open311Attribute> Open311Attributes => Set<Open311Attribute>();
    public DbSet<Open311Submission> Open311Submissions => Set<Open311Submission>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<WorkOrderFollower> WorkOrderFollowers => Set<WorkOrderFollower>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<PointsAccount> PointsAccounts => Set<PointsAccount>();
    public DbSet<PointsTransfer> PointsTransfers => Set<PointsTransfer>();
    public DbSet<PointsPolicy> PointsPolicies => Set<PointsPolicy>();
    public DbSet<VolunteerTeam> VolunteerTeams => Set<VolunteerTeam>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<PartyRegistration> PartyRegistrations => Set<PartyRegistration>();
    public DbSet<VolunteerActivity> VolunteerActivities => Set<VolunteerActivity>();
    public DbSet<ActivityShift> ActivityShifts => Set<ActivityShift>();
    public DbSet<SignUp> SignUps => Set<SignUp>();
    public DbSet<HoursRecord> HoursRecords => Set<HoursRecord>();
    public DbSet<ShopItem> ShopItems => Set<ShopItem>();
    public DbSet<Redemption> Redemptions => Set<Redemption>();
    public DbSet<Features.Wishes.Wish> Wishes => Set<Features.Wishes.Wish>();
    public DbSet<Features.Alliance.AllianceMembership> AllianceMemberships => Set<Features.Alliance.AllianceMembership>();
    public DbSet<Features.Alliance.AllianceOffering> AllianceOfferings => Set<Features.Alliance.AllianceOffering>();
    public DbSet<Features.Alliance.AllianceBooking> AllianceBookings => Set<Features.Alliance.AllianceBooking>();
    public DbSet<Features.Alliance.CareVisit> CareVisits => Set<Features.Alliance.CareVisit>();
    public DbSet<Features.Alliance.CareVisitInterval> CareVisitIntervals => Set<Features.Alliance.CareVisitInterval>();
    public DbSet<Features.Stations.Station> Stations => Set<Features.Stations.Station>();
    public DbSet<Features.Stations.StationCheckIn> StationCheckIns => Set<Features.Stations.StationCheckIn>();
    public DbSet<Features.Triage.ManualTriage> ManualTriages => Set<Features.Triage.ManualTriage>();
    public DbSet<Features.Triage.TriageCorrection> TriageCorrections => Set<Features.Triage.TriageCorrection>();
    public DbSet<Features.Triage.TriageTrainingRun> TriageTrainingRuns => Set<Features.Triage.TriageTrainingRun>();
    public DbSet<Features.Governance.AssessmentTemplate> AssessmentTemplates => Set<Features.Governance.AssessmentTemplate>();
    public DbSet<Features.Governance.AssessmentRound> AssessmentRounds => Set<Features.Governance.AssessmentRound>();
    public DbSet<Features.Governance.AssessmentScore> AssessmentScores => Set<Features.Governance.AssessmentScore>();
    public DbSet<Features.Governance.AssessmentResult> AssessmentResults => Set<Features.Governance.AssessmentResult>();
    public DbSet<Features.Governance.EstateCommittee> EstateCommittees => Set<Features.Governance.EstateCommittee>();
    public DbSet<Features.Governance.JointMeeting> JointMeetings => Set<Features.Governance.JointMeeting>();
    public DbSet<Features.Governance.MeetingDecision> MeetingDecisions => Set<Features.Governance.MeetingDecision>();
    public DbSet<Features.Governance.Patrol> Patrols => Set<Features.Governance.Patrol>();
    public DbSet<Features.Governance.PatrolFinding> PatrolFindings => Set<Features.Governance.PatrolFinding>();
    public DbSet<Features.Governance.HouseholdVisit> HouseholdVisits => Set<Features.Governance.HouseholdVisit>();
    public DbSet<Features.Governance.DutyItem> DutyItems => Set<Features.Governance.DutyItem>();

    /// <summary>
    /// SaveChanges inside an explicit transaction: on SQLite every write goes through the write gate
    /// (docs/decisions/0004), on both it keeps the interceptors' rows (audit, outbox) with the data.
    /// </summary>
    public async Task SaveInTransactionAsync(CancellationToken ct = default)
    {
        await using var tx = await Database.BeginTransactionAsync(ct);
        await SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Enums as their names: readable in both databases and safe to reorder.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace?.StartsWith("CommunityGrid", StringComparison.Ordinal) == true);
        // Keys are GUID v7 made by the entities themselves. Marking them "never generated" lets EF
        // treat a new child reached through a navigation (a timeline event) as an insert.
        foreach (var key in builder.Model.GetEntityTypes().Select(e => e.FindPrimaryKey()).Where(k => k is { Properties.Count: 1 } && k.Properties[0].ClrType == typeof(Guid)))
        {
            key!.Properties[0].ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
        }

        if (Database.IsNpgsql())
        {
            // Area paths are compared as prefixes; the C collation lets a btree index serve LIKE 'x%'.
            foreach (var entity in builder.Model.GetEntityTypes())
            {
                foreach (var property in entity.GetProperties().Where(p => p.Name is "AreaPath" or "Path" && p.ClrType == typeof(string)))
                {
                    property.SetCollation("C");
                }
            }
        }
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite hands back DateTime as Unspecified; everything stored is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
