using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace CommunityGrid.Tests.Architecture;

public sealed class DumpDeps
{
    [Fact]
    public void Dump()
    {
        var arch = new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();
        var lines = new SortedSet<string>();
        foreach (var t in arch.Types)
        {
            var from = Area(t.Namespace.FullName);
            if (from is null) continue;
            foreach (var d in t.Dependencies)
            {
                var to = Area(d.Target.Namespace.FullName);
                if (to is null || to == from) continue;
                lines.Add($"{from} -> {to} : {t.FullName} -> {d.Target.FullName}");
            }
        }
        File.WriteAllLines("/tmp/deps.txt", lines);
    }

    private static string? Area(string ns)
    {
        if (!ns.StartsWith("CommunityGrid", StringComparison.Ordinal)) return null;
        var parts = ns.Split('.');
        if (parts.Length >= 3 && parts[1] == "Features") return parts[2];
        if (parts.Length >= 2) return parts[1];
        return null;
    }
}
