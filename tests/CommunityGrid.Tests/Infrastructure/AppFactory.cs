namespace CommunityGrid.Tests.Infrastructure;

/// <summary>
/// The seeded app with nothing composed: real clock, background loops on, the environment's database.
/// Every fixture is an <see cref="AppFactory"/> that composes a <see cref="TestHost"/> in its constructor.
/// </summary>
public class AppFactory : TestHost;

/// <summary>One seeded app shared by the tests of a class that only read, or write in their own corner.</summary>
[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<AppFactory>
{
    public const string Name = "shared app";
}
