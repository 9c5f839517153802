using System.Globalization;
using System.Text.Json;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Open311;

/// <summary>GeoReport v2 attribute datatypes; the names on the wire are lower case.</summary>
public enum Open311Datatype
{
    /// <summary>"string": one line.</summary>
    ShortText = 1,
    Number = 2,
    Datetime = 3,
    /// <summary>"text": free text over several lines.</summary>
    LongText = 4,
    SingleValueList = 5,
    MultiValueList = 6,
}

/// <summary>One choice of a list attribute: <c>key</c> is sent back, <c>name</c> is shown.</summary>
public sealed record Open311AttributeValue(string Key, string Name);

/// <summary>
/// A question a category asks at intake beyond the standard fields (下水堵塞: 楼层, 是否影响多户),
/// published in the service definition and checked when a request comes in.
/// </summary>
public sealed class Open311Attribute
{
    public const int CodeMaxLength = 40;
    public const int DescriptionMaxLength = 200;
    public const int ValueMaxLength = 200;

    private Open311Attribute() { }

    public Guid Id { get; private set; }
    public Guid CategoryId { get; private set; }
    public string Code { get; private set; } = "";
    /// <summary>False for an informational text the client only shows (no answer expected).</summary>
    public bool Variable { get; private set; } = true;
    public Open311Datatype Datatype { get; private set; }
    public bool Required { get; private set; }
    public string? DatatypeDescription { get; private set; }
    public int Order { get; private set; }
    public string Description { get; private set; } = "";
    /// <summary>List choices as JSON (<see cref="Values"/>), portable across both databases.</summary>
    public string? ValuesJson { get; private set; }

    public IReadOnlyList<Open311AttributeValue> Values =>
        ValuesJson is null ? [] : JsonSerializer.Deserialize<List<Open311AttributeValue>>(ValuesJson) ?? [];

    public bool IsList => Datatype is Open311Datatype.SingleValueList or Open311Datatype.MultiValueList;

    public static Open311Attribute Define(WorkOrderCategory category, string code, Open311Datatype datatype, bool required, string description, int order,
        string? datatypeDescription = null, IReadOnlyList<Open311AttributeValue>? values = null, bool variable = true)
    {
        ArgumentNullException.ThrowIfNull(category);
        if (string.IsNullOrWhiteSpace(code) || code.Length > CodeMaxLength || string.IsNullOrWhiteSpace(description) || description.Length > DescriptionMaxLength)
        {
            throw new InvalidInputException("open311_attribute_invalid", "属性编码和说明不能为空", "An attribute needs a code and a description.");
        }

        var isList = datatype is Open311Datatype.SingleValueList or Open311Datatype.MultiValueList;
        if (isList != values is { Count: > 0 })
        {
            throw new InvalidInputException("open311_attribute_values", "只有列表类型的属性才有可选值，且必须有", "List attributes, and only they, carry values.");
        }

        return new Open311Attribute
        {
            Id = Guid.CreateVersion7(),
            CategoryId = category.Id,
            Code = code,
            Variable = variable,
            Datatype = datatype,
            Required = required,
            DatatypeDescription = datatypeDescription,
            Order = order,
            Description = description,
            ValuesJson = isList ? JsonSerializer.Serialize(values) : null,
        };
    }

    /// <summary>
    /// The answer as it will be kept (list keys joined by commas), or null when none was given;
    /// a missing required answer, a value outside the list or of the wrong type is refused.
    /// </summary>
    public string? Check(IReadOnlyList<string> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var answers = given.Select(g => g.Trim()).Where(g => g.Length > 0).ToList();
        if (answers.Count == 0)
        {
            return Required && Variable
                ? throw new InvalidInputException("open311_attribute_required", $"缺少必填属性 {Code}（{Description}）", $"The required attribute {Code} is missing.")
                : null;
        }

        if (Datatype != Open311Datatype.MultiValueList && answers.Count > 1)
        {
            throw new InvalidInputException("open311_attribute_invalid", $"属性 {Code} 只能有一个值", $"The attribute {Code} takes one value.");
        }

        if (answers.Any(a => a.Length > ValueMaxLength))
        {
            throw new InvalidInputException("open311_attribute_invalid", $"属性 {Code} 的值过长", $"The value of attribute {Code} is too long.");
        }

        var value = answers[0];
        var ok = Datatype switch
        {
            Open311Datatype.Number => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
            Open311Datatype.Datetime => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            Open311Datatype.SingleValueList or Open311Datatype.MultiValueList => answers.All(a => Values.Any(v => v.Key == a)),
            _ => true,
        };
        if (!ok)
        {
            throw new InvalidInputException("open311_attribute_invalid", $"属性 {Code} 的值不符合要求（{DatatypeDescription ?? Datatype.ToString()}）",
                $"The value of attribute {Code} is not a valid {WireName(Datatype)}.");
        }

        return string.Join(',', answers.Distinct(StringComparer.Ordinal));
    }

    /// <summary>The answer as staff read it in the order's description (list keys become names).</summary>
    public string Readable(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return IsList ? string.Join("、", answer.Split(',').Select(k => Values.FirstOrDefault(v => v.Key == k)?.Name ?? k)) : answer;
    }

    public static string WireName(Open311Datatype datatype) => datatype switch
    {
        Open311Datatype.ShortText => "string",
        Open311Datatype.Number => "number",
        Open311Datatype.Datetime => "datetime",
        Open311Datatype.LongText => "text",
        Open311Datatype.SingleValueList => "singlevaluelist",
        Open311Datatype.MultiValueList => "multivaluelist",
        _ => datatype.ToString(),
    };
}
