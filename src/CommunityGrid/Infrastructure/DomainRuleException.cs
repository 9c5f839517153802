namespace CommunityGrid.Infrastructure;

/// <summary>
/// A business rule was broken. <see cref="Code"/> is stable and goes to clients as the problem
/// details <c>code</c>; the messages are shown to people (Chinese first).
/// </summary>
public class DomainRuleException(string code, string message, string? messageEn = null, int status = StatusCodes.Status409Conflict)
    : Exception(message)
{
    public string Code { get; } = code;
    public string MessageEn { get; } = messageEn ?? message;
    public int Status { get; } = status;
}

/// <summary>Something the caller asked for does not exist or is outside their scope: always 404.</summary>
public sealed class NotFoundException(string what = "resource")
    : DomainRuleException("not_found", "未找到或无权访问", $"The {what} was not found", StatusCodes.Status404NotFound);

/// <summary>The request is well-formed but its content is invalid (400).</summary>
public sealed class InvalidInputException(string code, string message, string? messageEn = null)
    : DomainRuleException(code, message, messageEn, StatusCodes.Status400BadRequest);
