using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace CommunityGrid.Features.Open311;

/// <summary>
/// One answer written in either of GeoReport's formats: a small tree of objects, arrays and values
/// that becomes JSON as is, and XML with the spec's element names (an array is a wrapper element
/// holding one element per item: services/service, service_requests/request, errors/error…).
/// </summary>
internal abstract record Node;

internal sealed record Obj(params (string Name, Node Value)[] Fields) : Node;

internal sealed record Arr(string ItemName, IReadOnlyList<Node> Items) : Node;

/// <summary>A string, number, boolean or null.</summary>
internal sealed record Val(object? Value) : Node
{
    public static implicit operator Val(string? value) => new((object?)value);

    public static Val Of(object? value) => new(value);
}

internal enum Open311FormatKind
{
    Json,
    Xml,
}

internal static class Open311Format
{
    public const string JsonType = "application/json; charset=utf-8";
    public const string XmlType = "text/xml; charset=utf-8";

    public static Open311FormatKind? Parse(string? format) => format?.ToUpperInvariant() switch
    {
        "JSON" => Open311FormatKind.Json,
        "XML" => Open311FormatKind.Xml,
        _ => null,
    };

    /// <summary>W3C datetime in Beijing time (the offset is always written, as the spec asks).</summary>
    public static string? W3c(DateTime? utc) => utc is { } t
        ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
        : null;

    public static IResult Write(Open311FormatKind format, string rootName, Node root, int status = StatusCodes.Status200OK)
    {
        var bytes = format == Open311FormatKind.Json ? Json(root) : Xml(rootName, root);
        return new Answer(bytes, format == Open311FormatKind.Json ? JsonType : XmlType, status);
    }

    /// <summary>The spec's error list: <c>[{"code": 400, "description": "…"}]</c> or <c>&lt;errors&gt;&lt;error&gt;…</c>.</summary>
    public static IResult Error(Open311FormatKind format, int status, string chinese, string english) =>
        Write(format, "errors", new Arr("error", [new Obj(("code", Val.Of(status)), ("description", (Val)$"{chinese} ({english})"))]), status);

    private static byte[] Json(Node root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(writer, root);
        }

        return stream.ToArray();
    }

    private static void WriteJson(Utf8JsonWriter w, Node node)
    {
        switch (node)
        {
            case Obj o:
                w.WriteStartObject();
                foreach (var (name, value) in o.Fields)
                {
                    w.WritePropertyName(name);
                    WriteJson(w, value);
                }

                w.WriteEndObject();
                break;
            case Arr a:
                w.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteJson(w, item);
                }

                w.WriteEndArray();
                break;
            case Val { Value: null }:
                w.WriteNullValue();
                break;
            case Val { Value: bool b }:
                w.WriteBooleanValue(b);
                break;
            case Val { Value: int i }:
                w.WriteNumberValue(i);
                break;
            case Val { Value: double d }:
                w.WriteNumberValue(d);
                break;
            case Val v:
                w.WriteStringValue(Convert.ToString(v.Value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static byte[] Xml(string rootName, Node root)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), Element(rootName, root));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    private static XElement Element(string name, Node node) => node switch
    {
        Obj o => new XElement(name, o.Fields.Select(f => Element(f.Name, f.Value))),
        Arr a => new XElement(name, a.Items.Select(i => Element(a.ItemName, i))),
        Val { Value: null } => new XElement(name),
        Val { Value: bool b } => new XElement(name, b ? "true" : "false"),
        Val v => new XElement(name, Convert.ToString(v.Value, CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException("Unknown node."),
    };

    /// <summary>The written bytes with their status and content type.</summary>
    private sealed class Answer(byte[] bytes, string contentType, int status) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = bytes.Length;
            return httpContext.Response.Body.WriteAsync(bytes).AsTask();
        }
    }
}
