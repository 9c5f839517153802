using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityGrid.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Governance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssessmentTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    RedBelow = table.Column<double>(type: "double precision", nullable: false),
                    YellowBelow = table.Column<double>(type: "double precision", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CriteriaText = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DutyItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ApprovedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ApprovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyItems", x => x.Id);
                    table.CheckConstraint("CK_DutyItems_Position", "\"Position\" BETWEEN 1 AND 10");
                });

            migrationBuilder.CreateTable(
                name: "EstateCommittees",
                columns: table => new
                {
                    EstateId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EstateCommittees", x => x.EstateId);
                    table.ForeignKey(
                        name: "FK_EstateCommittees_Estates_EstateId",
                        column: x => x.EstateId,
                        principalTable: "Estates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EstateCommittees_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HouseholdVisits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    DistrictCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    WorkerUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    WorkerName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    VisitedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CareTagsSeen = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    NextDueOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HouseholdVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HouseholdVisits_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "JointMeetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    DistrictCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    EstateId = table.Column<Guid>(type: "uuid", nullable: true),
                    HeldAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Agenda = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Minutes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ConvenedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConcludedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JointMeetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Patrols",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    DistrictCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    WorkerUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    WorkerName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RouteText = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    PointCount = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Patrols", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentRounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TemplateId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    DistrictCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodTo = table.Column<DateOnly>(type: "date", nullable: false),
                    ScoringDeadline = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RedBelow = table.Column<double>(type: "double precision", nullable: false),
                    YellowBelow = table.Column<double>(type: "double precision", nullable: false),
                    CriteriaText = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    OpenedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssessmentRounds_AssessmentTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "AssessmentTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendee",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Unit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Present = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendee", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingAttendee_JointMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "JointMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OwnerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    WorkOrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingDecisions_JointMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "JointMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingDecisions_Organisations_OwnerOrganisationId",
                        column: x => x.OwnerOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PatrolFindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatrolId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkOrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatrolFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PatrolFindings_Patrols_PatrolId",
                        column: x => x.PatrolId,
                        principalTable: "Patrols",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentResults",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    EstateId = table.Column<Guid>(type: "uuid", nullable: false),
                    EstateName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ManagerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ManagerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Total = table.Column<double>(type: "double precision", nullable: true),
                    Incomplete = table.Column<bool>(type: "boolean", nullable: false),
                    Rank = table.Column<int>(type: "integer", nullable: true),
                    Colour = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ValuesText = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ScoreCount = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssessmentResults_AssessmentRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "AssessmentRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentScores",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    EstateId = table.Column<Guid>(type: "uuid", nullable: false),
                    Party = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ScorerUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    MarksText = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentScores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssessmentScores_AssessmentRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "AssessmentRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssessmentScores_Estates_EstateId",
                        column: x => x.EstateId,
                        principalTable: "Estates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentResults_AreaPath_Period",
                table: "AssessmentResults",
                columns: new[] { "AreaPath", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentResults_ManagerOrganisationId",
                table: "AssessmentResults",
                column: "ManagerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentResults_RoundId_EstateId",
                table: "AssessmentResults",
                columns: new[] { "RoundId", "EstateId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentRounds_AreaPath_Period",
                table: "AssessmentRounds",
                columns: new[] { "AreaPath", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentRounds_TemplateId",
                table: "AssessmentRounds",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentScores_AreaPath",
                table: "AssessmentScores",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentScores_EstateId",
                table: "AssessmentScores",
                column: "EstateId");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentScores_RoundId_EstateId_ScorerUserId",
                table: "AssessmentScores",
                columns: new[] { "RoundId", "EstateId", "ScorerUserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentTemplates_AreaPath",
                table: "AssessmentTemplates",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DutyItems_AreaPath_Position",
                table: "DutyItems",
                columns: new[] { "AreaPath", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EstateCommittees_OrganisationId",
                table: "EstateCommittees",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdVisits_AreaPath_VisitedAt",
                table: "HouseholdVisits",
                columns: new[] { "AreaPath", "VisitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdVisits_HouseholdId_VisitedAt",
                table: "HouseholdVisits",
                columns: new[] { "HouseholdId", "VisitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JointMeetings_AreaPath_HeldAt",
                table: "JointMeetings",
                columns: new[] { "AreaPath", "HeldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendee_MeetingId",
                table: "MeetingAttendee",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingDecisions_MeetingId",
                table: "MeetingDecisions",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingDecisions_OwnerOrganisationId",
                table: "MeetingDecisions",
                column: "OwnerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingDecisions_WorkOrderId",
                table: "MeetingDecisions",
                column: "WorkOrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PatrolFindings_PatrolId",
                table: "PatrolFindings",
                column: "PatrolId");

            migrationBuilder.CreateIndex(
                name: "IX_PatrolFindings_WorkOrderId",
                table: "PatrolFindings",
                column: "WorkOrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Patrols_AreaPath_StartedAt",
                table: "Patrols",
                columns: new[] { "AreaPath", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Patrols_WorkerUserId_StartedAt",
                table: "Patrols",
                columns: new[] { "WorkerUserId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AssessmentResults");

            migrationBuilder.DropTable(
                name: "AssessmentScores");

            migrationBuilder.DropTable(
                name: "DutyItems");

            migrationBuilder.DropTable(
                name: "EstateCommittees");

            migrationBuilder.DropTable(
                name: "HouseholdVisits");

            migrationBuilder.DropTable(
                name: "MeetingAttendee");

            migrationBuilder.DropTable(
                name: "MeetingDecisions");

            migrationBuilder.DropTable(
                name: "PatrolFindings");

            migrationBuilder.DropTable(
                name: "AssessmentRounds");

            migrationBuilder.DropTable(
                name: "JointMeetings");

            migrationBuilder.DropTable(
                name: "Patrols");

            migrationBuilder.DropTable(
                name: "AssessmentTemplates");
        }
    }
}
