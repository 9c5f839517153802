using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace CommunityGrid.Tests.Architecture;

/// <summary>
/// The layering of docs/decisions/0013-feature-layers.md, checked over the compiled app (every type, every
/// member signature and method body): the kernel uses no feature, and a feature uses only the kernel and
/// the features below it. Data (the one DbContext) and the composition root (Program, Components) wire
/// everything together and are outside the rule.
/// </summary>
public sealed class FeatureLayersTests
{
    /// <summary>Bottom first. A feature may depend on the kernel and on features listed before it.</summary>
    public static readonly string[] Layers =
    [
        "Areas", "Accounts", "Organisations", "People", "Auditing", "Photos",
        "Points", "WorkOrders", "Triage", "Volunteers", "Wishes", "Alliance", "Stations", "Governance", "Programmes",
        "Notifications", "Open311", "Dashboards", "Worklists",
    ];

    private static readonly string[] Kernel = ["CommunityGrid.Kernel", "CommunityGrid.Infrastructure"];

    private static readonly Lazy<IReadOnlyList<Edge>> AllEdges = new(() => EdgesOf(typeof(Program).Assembly));

    private static readonly string[] Composition = ["CommunityGrid.Components", "CommunityGrid.Data.Demo"];

    private static readonly Lazy<IReadOnlyList<Edge>> CompositionEdges = new(() =>
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();
        return [.. architecture.Types
            .Where(t => Node(t.Namespace.FullName) is not null)
            .SelectMany(t => t.Dependencies
                .Where(d => Composition.Any(c => d.Target.Namespace.FullName == c || d.Target.Namespace.FullName.StartsWith(c + ".", StringComparison.Ordinal)))
                .Select(d => new Edge(Node(t.Namespace.FullName)!, "Composition", t.FullName, d.Target.FullName)))];
    });

    public sealed record Edge(string From, string To, string FromType, string ToType)
    {
        public override string ToString() => $"{From} → {To}: {FromType} uses {ToType}";
    }

    [Fact]
    public void The_kernel_uses_no_feature()
    {
        var offending = AllEdges.Value.Where(e => e.From == "Kernel" && e.To != "Kernel").Select(e => e.ToString()).Distinct().ToList();
        offending.ShouldBeEmpty();
    }

    [Fact]
    public void Neither_the_kernel_nor_a_feature_uses_the_composition_root()
    {
        // Components (layout, home, web wiring) and the demo seeder compose the features; a shared piece a feature
        // needs (a pager, an outcome line) belongs in the kernel instead.
        var offending = CompositionEdges.Value.Select(e => e.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        offending.ShouldBeEmpty();
    }

    [Fact]
    public void Every_feature_is_placed_in_the_layers()
    {
        var features = typeof(Program).Assembly.GetTypes()
            .Select(t => FeatureOf(t.Namespace))
            .OfType<string>()
            .Where(f => f.StartsWith("Features.", StringComparison.Ordinal))
            .Select(f => f["Features.".Length..])
            .Distinct();
        features.Where(f => !Layers.Contains(f)).ShouldBeEmpty("a new feature needs its place in the layers (ADR 0013)");
    }

    [Fact]
    public void Features_depend_only_on_the_kernel_and_on_features_below_them()
    {
        Violations(AllEdges.Value, Layers).ShouldBeEmpty();
    }

    [Fact]
    public void No_two_features_depend_on_each_other_through_any_path()
    {
        Cycles(AllEdges.Value.Where(e => e.From != "Kernel" && e.To != "Kernel").Select(e => (e.From, e.To))).ShouldBeEmpty();
    }

    [Fact]
    public void The_layer_check_catches_an_upward_edge()
    {
        // The test of the test: a feature that used one above it would be reported, and a cycle found.
        Edge[] edges = [new("Areas", "WorkOrders", "Area", "WorkOrder"), new("WorkOrders", "Areas", "WorkOrder", "Area")];
        Violations(edges, Layers).ShouldHaveSingleItem().ShouldContain("Areas → WorkOrders");
        Cycles(edges.Select(e => (e.From, e.To))).ShouldNotBeEmpty();
    }

    public static List<string> Violations(IEnumerable<Edge> edges, string[] layers) =>
        [.. edges.Where(e => e.From != "Kernel" && e.To != "Kernel" && e.From != e.To)
            .Where(e => Array.IndexOf(layers, e.To) >= Array.IndexOf(layers, e.From))
            .Select(e => e.ToString()).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Strongly connected sets of more than one feature (Tarjan), each as "A ⇄ B ⇄ …".</summary>
    public static List<string> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var graph = edges.Where(e => e.From != e.To).GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<string>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v, []))
            {
                if (!index.TryGetValue(w, out var wIndex))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }

            if (low[v] == index[v])
            {
                var set = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    set.Add(w);
                }
                while (w != v);
                if (set.Count > 1)
                {
                    result.Add(string.Join(" ⇄ ", set.Order(StringComparer.Ordinal)));
                }
            }
        }

        foreach (var v in graph.Keys.ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }

    private static List<Edge> EdgesOf(System.Reflection.Assembly assembly)
    {
        var architecture = new ArchLoader().LoadAssemblies(assembly).Build();
        var edges = new List<Edge>();
        foreach (var type in architecture.Types)
        {
            if (Node(type.Namespace.FullName) is not { } from)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                if (Node(dependency.Target.Namespace.FullName) is { } to && to != from)
                {
                    edges.Add(new Edge(from, to, type.FullName, dependency.Target.FullName));
                }
            }
        }

        return edges;
    }

    /// <summary>"Kernel", a feature's name, or null for what the rule leaves out (Data, the composition root, other assemblies).</summary>
    private static string? Node(string ns)
    {
        if (Kernel.Any(k => ns == k || ns.StartsWith(k + ".", StringComparison.Ordinal)))
        {
            return "Kernel";
        }

        return FeatureOf(ns) is { } f && f.StartsWith("Features.", StringComparison.Ordinal) ? f["Features.".Length..] : null;
    }

    private static string? FeatureOf(string? ns)
    {
        const string prefix = "CommunityGrid.Features.";
        if (ns is null || !ns.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return "Features." + (dot < 0 ? rest : rest[..dot]);
    }
}
