using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityGrid.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommunityProgrammes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CommunityEvent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    SignedUp = table.Column<int>(type: "INTEGER", nullable: false),
                    VolunteerActivityId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OrganiserUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommunityEvent", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JobPosting",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EmployerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EmployerName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    PayMinYuan = table.Column<long>(type: "INTEGER", nullable: false),
                    PayMaxYuan = table.Column<long>(type: "INTEGER", nullable: false),
                    PayPer = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Hours = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    AtHome = table.Column<bool>(type: "INTEGER", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Suits = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PostedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PostedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobPosting", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MicroProject",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CostYuan = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ProposedByName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ScreeningNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ScreenedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VoteOpenedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VoteClosesAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VoteClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    VotesFor = table.Column<int>(type: "INTEGER", nullable: false),
                    VotesAgainst = table.Column<int>(type: "INTEGER", nullable: false),
                    VotesAbstain = table.Column<int>(type: "INTEGER", nullable: false),
                    CouncilSize = table.Column<int>(type: "INTEGER", nullable: false),
                    PublicityEndsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MicroProject", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MicroProjectBudget",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CapYuan = table.Column<long>(type: "INTEGER", nullable: false),
                    CommittedYuan = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MicroProjectBudget", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResidentsCouncil",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    QuorumPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    MajorityPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    VoteDays = table.Column<int>(type: "INTEGER", nullable: false),
                    PublicityDays = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResidentsCouncil", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingCourse",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganiserUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingCourse", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EventSignUp",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SignedUpAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventSignUp", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EventSignUp_CommunityEvent_EventId",
                        column: x => x.EventId,
                        principalTable: "CommunityEvent",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JobApplication",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MaskedName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IncomeBand = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AppliedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobApplication", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JobApplication_JobPosting_PostingId",
                        column: x => x.PostingId,
                        principalTable: "JobPosting",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CouncilVote",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Choice = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CastAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouncilVote", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouncilVote_MicroProject_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "MicroProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Evaluation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MaskedName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evaluation", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Evaluation_MicroProject_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "MicroProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Objection",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MaskedName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Objection", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Objection_MicroProject_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "MicroProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgressUpdate",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PhotoIdList = table.Column<string>(type: "TEXT", maxLength: 222, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressUpdate", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgressUpdate_MicroProject_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "MicroProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CouncilMember",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CouncilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouncilMember", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouncilMember_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CouncilMember_ResidentsCouncil_CouncilId",
                        column: x => x.CouncilId,
                        principalTable: "ResidentsCouncil",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CourseEnrolment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CourseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    MaskedName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    QueueNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourseEnrolment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CourseEnrolment_TrainingCourse_CourseId",
                        column: x => x.CourseId,
                        principalTable: "TrainingCourse",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CourseSession",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CourseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourseSession", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CourseSession_TrainingCourse_CourseId",
                        column: x => x.CourseId,
                        principalTable: "TrainingCourse",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CourseAttendance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CourseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourseAttendance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CourseAttendance_CourseSession_SessionId",
                        column: x => x.SessionId,
                        principalTable: "CourseSession",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommunityEvent_AreaPath_StartsAt",
                table: "CommunityEvent",
                columns: new[] { "AreaPath", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CouncilMember_AreaPath",
                table: "CouncilMember",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilMember_CouncilId_PersonId",
                table: "CouncilMember",
                columns: new[] { "CouncilId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CouncilMember_PersonId",
                table: "CouncilMember",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilVote_AreaPath",
                table: "CouncilVote",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_CouncilVote_ProjectId_PersonId",
                table: "CouncilVote",
                columns: new[] { "ProjectId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CourseAttendance_CourseId_PersonId",
                table: "CourseAttendance",
                columns: new[] { "CourseId", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_CourseAttendance_SessionId_PersonId",
                table: "CourseAttendance",
                columns: new[] { "SessionId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CourseEnrolment_AreaPath",
                table: "CourseEnrolment",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_CourseEnrolment_CourseId_PersonId",
                table: "CourseEnrolment",
                columns: new[] { "CourseId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CourseSession_CourseId_Number",
                table: "CourseSession",
                columns: new[] { "CourseId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Evaluation_AreaPath",
                table: "Evaluation",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_Evaluation_ProjectId_PersonId",
                table: "Evaluation",
                columns: new[] { "ProjectId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EventSignUp_EventId_UserId",
                table: "EventSignUp",
                columns: new[] { "EventId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EventSignUp_UserId",
                table: "EventSignUp",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_JobApplication_AreaPath",
                table: "JobApplication",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_JobApplication_PostingId_PersonId",
                table: "JobApplication",
                columns: new[] { "PostingId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JobPosting_AreaPath_ClosesOn",
                table: "JobPosting",
                columns: new[] { "AreaPath", "ClosesOn" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroProject_AreaPath_Status",
                table: "MicroProject",
                columns: new[] { "AreaPath", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroProject_AreaPath_Year",
                table: "MicroProject",
                columns: new[] { "AreaPath", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroProjectBudget_AreaPath_Year",
                table: "MicroProjectBudget",
                columns: new[] { "AreaPath", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Objection_AreaPath",
                table: "Objection",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_Objection_ProjectId_PersonId",
                table: "Objection",
                columns: new[] { "ProjectId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgressUpdate_AreaPath",
                table: "ProgressUpdate",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_ProgressUpdate_ProjectId",
                table: "ProgressUpdate",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_ResidentsCouncil_AreaPath",
                table: "ResidentsCouncil",
                column: "AreaPath",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingCourse_AreaPath",
                table: "TrainingCourse",
                column: "AreaPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CouncilMember");

            migrationBuilder.DropTable(
                name: "CouncilVote");

            migrationBuilder.DropTable(
                name: "CourseAttendance");

            migrationBuilder.DropTable(
                name: "CourseEnrolment");

            migrationBuilder.DropTable(
                name: "Evaluation");

            migrationBuilder.DropTable(
                name: "EventSignUp");

            migrationBuilder.DropTable(
                name: "JobApplication");

            migrationBuilder.DropTable(
                name: "MicroProjectBudget");

            migrationBuilder.DropTable(
                name: "Objection");

            migrationBuilder.DropTable(
                name: "ProgressUpdate");

            migrationBuilder.DropTable(
                name: "ResidentsCouncil");

            migrationBuilder.DropTable(
                name: "CourseSession");

            migrationBuilder.DropTable(
                name: "CommunityEvent");

            migrationBuilder.DropTable(
                name: "JobPosting");

            migrationBuilder.DropTable(
                name: "MicroProject");

            migrationBuilder.DropTable(
                name: "TrainingCourse");
        }
    }
}
