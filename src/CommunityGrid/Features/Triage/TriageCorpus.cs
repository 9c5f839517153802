using System.Reflection;
using System.Text;

namespace CommunityGrid.Features.Triage;

/// <summary>One complaint in a resident's own words with the category it belongs to.</summary>
public sealed record LabelledComplaint(string CategoryCode, string Text, bool HeldBack = false);

/// <summary>
/// The shipped training corpus (Corpus/triage-corpus.tsv, embedded): category code, <c>train</c> or <c>test</c>
/// (the held-back split the targets are measured on), text. Written as residents and 12345 tickets write.
/// </summary>
public static class TriageCorpus
{
    private const string ResourceName = "CommunityGrid.Triage.Corpus.tsv";

    private static readonly Lazy<IReadOnlyList<LabelledComplaint>> Shipped = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The triage corpus is not embedded in the app.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    });

    public static IReadOnlyList<LabelledComplaint> All => Shipped.Value;

    public static IReadOnlyList<LabelledComplaint> Training => [.. All.Where(c => !c.HeldBack)];

    public static IReadOnlyList<LabelledComplaint> HeldBack => [.. All.Where(c => c.HeldBack)];

    public static IReadOnlyList<LabelledComplaint> Parse(string tsv)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var rows = new List<LabelledComplaint>();
        foreach (var raw in tsv.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 3 || parts[1] is not ("train" or "test"))
            {
                throw new FormatException($"A corpus line needs code, train|test and text: {line}");
            }

            rows.Add(new LabelledComplaint(parts[0], parts[2], parts[1] == "test"));
        }

        return rows;
    }
}
