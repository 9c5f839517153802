namespace CommunityGrid.Infrastructure;

/// <summary>
/// What kind of rule a request broke. The domain says which; <see cref="RuleKinds.Status"/> alone turns it
/// into an HTTP status, so no rule anywhere carries a status code of its own.
/// </summary>
public enum RuleKind
{
    /// <summary>The request clashes with the record's current state (409).</summary>
    Conflict,

    /// <summary>The request's content is invalid (400).</summary>
    Invalid,

    /// <summary>The caller is known but their role may not do this (403).</summary>
    Forbidden,

    /// <summary>The thing does not exist or is outside the caller's scope (404).</summary>
    NotFound,

    /// <summary>Well-formed and allowed, but a precondition outside the record is missing (422).</summary>
    Unprocessable,

    /// <summary>The payload is larger than the rule allows (413).</summary>
    TooLarge,

    /// <summary>The payload's type is not one the rule accepts (415).</summary>
    UnsupportedMedia,

    /// <summary>The caller asked too often; try again later (429).</summary>
    TooManyRequests,

    /// <summary>The request was fine; the server has no room to keep it (507).</summary>
    StorageFull,

    /// <summary>The request was fine; a part the server needs is missing or down (503).</summary>
    Unavailable,
}

/// <summary>The one place where a kind of broken rule becomes an HTTP status.</summary>
public static class RuleKinds
{
    public static int Status(RuleKind kind) => kind switch
    {
        RuleKind.Invalid => StatusCodes.Status400BadRequest,
        RuleKind.Forbidden => StatusCodes.Status403Forbidden,
        RuleKind.NotFound => StatusCodes.Status404NotFound,
        RuleKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        RuleKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RuleKind.UnsupportedMedia => StatusCodes.Status415UnsupportedMediaType,
        RuleKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        RuleKind.StorageFull => StatusCodes.Status507InsufficientStorage,
        RuleKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };
}

/// <summary>
/// A business rule was broken. <see cref="Code"/> is stable and goes to clients as the problem
/// details <c>code</c>; the messages are shown to people (Chinese first); <see cref="Kind"/> says what
/// kind of rule it was, and only the problem handler maps that to a status.
/// </summary>
public class DomainRuleException(string code, string message, string? messageEn = null, RuleKind kind = RuleKind.Conflict)
    : Exception(message)
{
    public string Code { get; } = code;
    public string MessageEn { get; } = messageEn ?? message;
    public RuleKind Kind { get; } = kind;
}

/// <summary>Something the caller asked for does not exist or is outside their scope: always 404.</summary>
public sealed class NotFoundException(string what = "resource")
    : DomainRuleException("not_found", "未找到或无权访问", $"The {what} was not found", RuleKind.NotFound);

/// <summary>The request is well-formed but its content is invalid (400).</summary>
public sealed class InvalidInputException(string code, string message, string? messageEn = null)
    : DomainRuleException(code, message, messageEn, RuleKind.Invalid);
