using CommunityGrid;
using CommunityGrid.Components;
using CommunityGrid.Data;
using CommunityGrid.Data.Demo;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Alliance;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Governance;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.Dashboards;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.Open311;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.Programmes;
using CommunityGrid.Features.Stations;
using CommunityGrid.Features.Triage;
using CommunityGrid.Features.Volunteers;
using CommunityGrid.Features.Wishes;
using CommunityGrid.Features.Photos;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Features.Worklists;
using CommunityGrid.Infrastructure;

// bootstrap-admin, backup, restore, audit verify: run on the app's configuration and exit (Commands.cs).
var command = Commands.Parse(args);
var builder = WebApplication.CreateBuilder([.. command?.HostArgs ?? args]);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddProblemHandling();
builder.Services.AddHosting(builder.Configuration, builder.Environment);
builder.Services.AddIdempotency();
builder.Services.AddValidation();
builder.Services.AddOpenApi();
builder.Services.AddAppDatabase(builder.Configuration);
builder.Services.AddAccounts();
builder.Services.AddAreas();
builder.Services.AddPeople();
builder.Services.AddPhotos();
builder.Services.AddWorkOrders(builder.Configuration);
builder.Services.AddPoints();
builder.Services.AddTriage(builder.Configuration);
builder.Services.AddVolunteers(builder.Configuration);
builder.Services.AddWishes(builder.Configuration);
builder.Services.AddAlliance();
builder.Services.AddStations(builder.Configuration);
builder.Services.AddGovernance();
builder.Services.AddProgrammes();
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddDashboards();
builder.Services.AddWorklists();
builder.Services.AddOperations(builder.Configuration, builder.Logging);
builder.Services.AddWebUi();
builder.Services.AddSecurityHeaders();
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddDemoData(builder.Configuration, builder.Environment);

var app = builder.Build();
if (command is not null)
{
    return await command.RunAsync(app.Services, app.Configuration);
}

await Database.MigrateAsync(app.Services, app.Configuration);
await app.Services.EnsureReferenceDataAsync(Open311Catalogue.EnsureAsync);
await app.Services.SeedDemoDataAsync(app.Configuration, app.Environment);
await app.Services.GetRequiredService<GridIndex>().LoadAsync(app.Services);

app.Use(SecurityHeaders.ApplyAsync);
app.UseHosting();
app.UseExceptionHandler();
app.UseStatusPages();
app.UseRequestLocalization();
app.UseAuthentication();
app.Use(SessionStamps.CheckAsync);
app.Use(CrossSiteRequests.CheckAsync);
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<InputMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAntiforgery();

app.MapOperations();
var api = app.MapGroup("/api").RequireAuthorization().WithProblemAnswers().WithArgumentRules();
api.MapAuth();
api.MapAreas();
api.MapAreaSearch();
GridBoards.MapGridBoards(api);
api.MapAudit();
api.MapPeople();
api.MapPersonSearch();
api.MapOrganisationSearch();
api.MapPhotos();
api.MapWorkOrders();
api.MapTriage();
api.MapPoints();
api.MapVolunteers();
api.MapWishes();
api.MapAlliance();
api.MapStations();
api.MapGovernance();
api.MapProgrammes();
app.MapOpen311();
app.MapNotifications(api);
api.MapDashboards();
api.MapWorklist();
app.MapWebUi();

await app.RunAsync();
return 0;

/// <summary>Entry point type, public for WebApplicationFactory.</summary>
public partial class Program;
