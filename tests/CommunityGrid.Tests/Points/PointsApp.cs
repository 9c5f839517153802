using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Points;

/// <summary>The seeded app for ledger tests; the ledger is at hand on any host through <see cref="LedgerSteps"/>.</summary>
public class PointsApp : AppFactory;
