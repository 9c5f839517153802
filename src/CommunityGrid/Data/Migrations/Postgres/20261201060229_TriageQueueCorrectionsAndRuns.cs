using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityGrid.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TriageQueueCorrectionsAndRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ManualTriages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Origin = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    HouseCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ExternalReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RequesterName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RequesterPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ReporterName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReporterPersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    GuessedCategoryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    GuessedConfidence = table.Column<double>(type: "double precision", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    WorkOrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManualTriages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ManualTriages_WorkOrders_WorkOrderId",
                        column: x => x.WorkOrderId,
                        principalTable: "WorkOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "TriageCorrections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CategoryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    GuessedCategoryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CorrectedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TriageCorrections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TriageTrainingRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CorpusExamples = table.Column<int>(type: "integer", nullable: false),
                    Corrections = table.Column<int>(type: "integer", nullable: false),
                    HeldBack = table.Column<int>(type: "integer", nullable: false),
                    Top1Before = table.Column<double>(type: "double precision", nullable: false),
                    Top3Before = table.Column<double>(type: "double precision", nullable: false),
                    Top1After = table.Column<double>(type: "double precision", nullable: false),
                    Top3After = table.Column<double>(type: "double precision", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "double precision", nullable: false),
                    Accepted = table.Column<bool>(type: "boolean", nullable: false),
                    RunBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Model = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TriageTrainingRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ManualTriages_Status_AreaPath",
                table: "ManualTriages",
                columns: new[] { "Status", "AreaPath" });

            migrationBuilder.CreateIndex(
                name: "IX_ManualTriages_WorkOrderId",
                table: "ManualTriages",
                column: "WorkOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_TriageCorrections_At",
                table: "TriageCorrections",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_TriageTrainingRuns_At",
                table: "TriageTrainingRuns",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ManualTriages");

            migrationBuilder.DropTable(
                name: "TriageCorrections");

            migrationBuilder.DropTable(
                name: "TriageTrainingRuns");
        }
    }
}
