using Microsoft.AspNetCore.Diagnostics;

namespace CommunityGrid.Infrastructure;

/// <summary>Every error leaves as RFC 9457 problem details with a stable <c>code</c>.</summary>
internal static class ProblemHandling
{
    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier);
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Status switch
                {
                    StatusCodes.Status400BadRequest => "validation_failed",
                    StatusCodes.Status401Unauthorized => "unauthorized",
                    StatusCodes.Status403Forbidden => "forbidden",
                    StatusCodes.Status404NotFound => "not_found",
                    StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
                    StatusCodes.Status409Conflict => "conflict",
                    StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
                    StatusCodes.Status429TooManyRequests => "too_many_requests",
                    _ => "server_error",
                };
            }
        });
        services.AddExceptionHandler<DomainExceptionHandler>();

        // A body that cannot be read reaches the handler above in every environment (the framework
        // would otherwise answer a bare 400 outside Development).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Enums travel as their names ("Satisfied", "AwaitingDispatch"), readable and stable.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            InputJson.Apply(o.SerializerOptions);
        });
        return services;
    }

    internal sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            int status;
            string code, title, detail;
            var extensions = new Dictionary<string, object?>();
            switch (exception)
            {
                case DomainRuleException rule:
                    status = RuleKinds.Status(rule.Kind);
                    code = rule.Code;
                    title = rule.Message;
                    detail = rule.MessageEn;
                    break;
                case InputRefusedException or BadHttpRequestException { InnerException: InputRefusedException }:
                    var refused = exception as InputRefusedException ?? (InputRefusedException)exception.InnerException!;
                    var field = FieldOf(refused);
                    status = StatusCodes.Status400BadRequest;
                    code = refused.Code;
                    title = $"{field}：{refused.Message}";
                    detail = $"{field}: {refused.MessageEn}";
                    extensions["field"] = field;
                    break;
                case BadHttpRequestException { InnerException: System.Text.Json.JsonException json } when json.Message.Contains("missing required properties", StringComparison.Ordinal):
                    // The same code as a [Required] member sent empty: to a client both are "fill this in".
                    var missing = json.Message[(json.Message.IndexOf("including:", StringComparison.Ordinal) is var at and >= 0 ? at + 10 : 0)..].Split(". Path")[0].Trim();
                    status = StatusCodes.Status400BadRequest;
                    code = "validation_failed";
                    title = "缺少必填字段：" + missing;
                    detail = "A required member is missing: " + missing;
                    extensions["missing"] = missing.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => m.Trim('\'', '.', ' ')).ToArray();
                    break;
                case BadHttpRequestException { InnerException: System.Text.Json.JsonException { InnerException: InvalidOperationException } json }
                    when json.InnerException!.Message.Contains("UTF", StringComparison.Ordinal):
                    // A lone surrogate escaped as \uD800, or bytes that are not UTF-8: the string rule, at the reader.
                    var where = InputRules.FieldName(json.Path);
                    status = StatusCodes.Status400BadRequest;
                    code = "invalid_characters";
                    title = $"{where}：含有不允许的字符（控制字符或无效编码）";
                    detail = $"{where}: holds characters that are not allowed (control characters or invalid encoding).";
                    extensions["field"] = where;
                    break;
                case BadHttpRequestException { InnerException: System.Text.Json.JsonException json }:
                    status = StatusCodes.Status400BadRequest;
                    code = "bad_request";
                    title = "请求格式不正确";
                    detail = "The request could not be read" + (json.Path is { Length: > 0 } path ? $" at {InputRules.FieldName(path)}." : ".");
                    if (json.Path is { Length: > 0 })
                    {
                        extensions["field"] = InputRules.FieldName(json.Path);
                    }

                    break;
                case BadHttpRequestException bad:
                    status = bad.StatusCode;
                    code = "bad_request";
                    title = "请求格式不正确";
                    detail = "The request could not be read.";
                    break;
                case Microsoft.EntityFrameworkCore.DbUpdateException update when update is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException || Unique.IsViolation(update):
                    status = StatusCodes.Status409Conflict;
                    code = "concurrent_change";
                    title = "数据已被他人修改，请刷新后重试";
                    detail = "Someone else changed this record; reload and try again.";
                    break;
                case var down when DatabaseUnavailable.Is(down):
                    logger.LogWarning(exception, "Database unavailable on {Path}", httpContext.Request.Path);
                    status = StatusCodes.Status503ServiceUnavailable;
                    code = DatabaseUnavailable.Code;
                    title = "数据库暂时无法访问，请稍后重试";
                    detail = "The database is unavailable; try again shortly.";
                    httpContext.Response.Headers.RetryAfter = "5";
                    break;
                default:
                    // A 500 never shows exception text.
                    logger.LogError(exception, "Unhandled exception on {Path}", httpContext.Request.Path);
                    status = StatusCodes.Status500InternalServerError;
                    code = "server_error";
                    title = "服务器内部错误";
                    detail = "An unexpected error occurred.";
                    break;
            }

            httpContext.Response.StatusCode = status;
            if (status == StatusCodes.Status409Conflict && code == "concurrent_change")
            {
                logger.LogInformation("Lost a write race on {Path}", httpContext.Request.Path);
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails =
                {
                    Status = status,
                    Title = title,
                    Detail = detail,
                    Extensions = new Dictionary<string, object?>(extensions) { ["code"] = code },
                },
            });
        }

        /// <summary>Where the refused value was: the JSON path the serializer knew, completed by the member the rule named.</summary>
        private static string FieldOf(InputRefusedException refused)
        {
            if (refused.Path is not { Length: > 0 } path)
            {
                return refused.Field is { Length: > 0 } f ? f : "body";
            }

            var at = InputRules.FieldName(path);
            return refused.Field.Length == 0 || at.EndsWith(refused.Field, StringComparison.OrdinalIgnoreCase) ? at
                : at is "body" or "" ? refused.Field : $"{at}.{refused.Field}";
        }
    }
}

/// <summary>Two writers racing to the same unique row (e.g. the next timeline step of one order, the same ledger source).</summary>
public static class Unique
{
    public static bool IsViolation(Microsoft.EntityFrameworkCore.DbUpdateException e) => e?.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException p => p.SqlState == "23505",
        _ => false,
    };
}
