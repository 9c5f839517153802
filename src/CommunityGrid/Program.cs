using CommunityGrid.Components;
using CommunityGrid.Data;
using CommunityGrid.Data.Demo;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Alliance;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.Open311;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.Stations;
using CommunityGrid.Features.Volunteers;
using CommunityGrid.Features.Wishes;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddProblemHandling();
builder.Services.AddValidation();
builder.Services.AddOpenApi();
builder.Services.AddAppDatabase(builder.Configuration);
builder.Services.AddAccounts();
builder.Services.AddAreas();
builder.Services.AddPeople();
builder.Services.AddWorkOrders(builder.Configuration);
builder.Services.AddPoints();
builder.Services.AddVolunteers(builder.Configuration);
builder.Services.AddWishes(builder.Configuration);
builder.Services.AddAlliance();
builder.Services.AddStations(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddOperations(builder.Configuration, builder.Logging);
builder.Services.AddWebUi();
builder.Services.AddDemoData(builder.Configuration, builder.Environment);

var app = builder.Build();

await Database.MigrateAsync(app.Services, app.Configuration);
await app.Services.EnsureReferenceDataAsync();
await app.Services.SeedDemoDataAsync(app.Configuration, app.Environment);
await app.Services.GetRequiredService<GridIndex>().LoadAsync(app.Services);

app.UseExceptionHandler();
app.UseStatusPages();
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<InputMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAntiforgery();

app.MapOperations();
var api = app.MapGroup("/api").RequireAuthorization();
api.MapAuth();
api.MapAreas();
api.MapAudit();
api.MapPeople();
api.MapWorkOrders();
api.MapPoints();
api.MapVolunteers();
api.MapWishes();
api.MapAlliance();
api.MapStations();
app.MapOpen311();
app.MapNotifications(api);
app.MapWebUi();

await app.RunAsync();

/// <summary>Entry point type, public for WebApplicationFactory.</summary>
public partial class Program;
