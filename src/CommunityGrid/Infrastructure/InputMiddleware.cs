using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Primitives;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// <see cref="InputRules"/> for what does not come through JSON: every query-string value
/// (single-line) and every form field (free text; Open311 and the pages' forms are form-encoded)
/// is checked and normalised before any endpoint binds it, and request bodies are held to a size
/// per endpoint class.
/// </summary>
internal sealed class InputMiddleware(RequestDelegate next)
{
    /// <summary>A JSON or form body: far above any real request, far below what hurts.</summary>
    public const long DefaultBodyLimit = 1024 * 1024;

    /// <summary>Uploads (photos with their form): the server's own default, unless the endpoint says otherwise.</summary>
    public const long MultipartBodyLimit = 30 * 1024 * 1024;

    /// <summary>A form field is free text at most this long (an Open311 description is far shorter).</summary>
    public const int FormValueMaxLength = 10_000;

    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var multipart = context.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
        // An endpoint that declares its own limit also answers it itself (e.g. the import's file_too_large with the limit).
        var own = metadata?.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        var limit = own
            ?? (multipart ? metadata?.GetMetadata<IFormOptionsMetadata>()?.MultipartBodyLengthLimit ?? MultipartBodyLimit : DefaultBodyLimit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (own is null && context.Request.ContentLength > limit)
        {
            throw new DomainRuleException(
                "request_too_large", $"请求内容过大（上限 {limit / 1024} KB）", $"The request body is too large (limit {limit / 1024} KB).", RuleKind.TooLarge);
        }

        if (context.Request.QueryString.HasValue)
        {
            context.Request.Query = new QueryCollection(Normalise(context.Request.Query, "query", TextKind.SingleLine, InputRules.DefaultMaxLength));
        }

        if (context.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException e) when (e.InnerException is InvalidOperationException)
            {
                // The decoder's own refusal of an encoded NUL ("%00").
                throw InputRules.InvalidCharacters("form");
            }
            catch (Exception e) when (e is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
            {
                throw new InputRefusedException("form_unreadable", "form", "表单无法读取", "the form could not be read.");
            }

            context.Request.Form = new FormCollection(Normalise(form, "form", TextKind.MultiLine, FormValueMaxLength), form.Files);
        }

        await next(context);
    }

    private static Dictionary<string, StringValues> Normalise(IEnumerable<KeyValuePair<string, StringValues>> values, string where, TextKind kind, int maxLength)
    {
        var result = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            var name = InputRules.Text(key, where, TextKind.SingleLine, InputRules.SingleLineMaxLength);
            var fieldKind = key.Contains("password", StringComparison.OrdinalIgnoreCase) ? TextKind.Verbatim : kind;
            var items = new string?[value.Count];
            for (var i = 0; i < value.Count; i++)
            {
                items[i] = value[i] is { } v ? InputRules.Text(v, name, fieldKind, maxLength) : null;
            }

            result[name] = new StringValues(items);
        }

        return result;
    }
}
