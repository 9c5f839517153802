namespace CommunityGrid.Features.Notifications;

/// <summary>The seam to an SMS gateway. An exception means "not sent": the outbox retries.</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken ct = default);
}

/// <summary>
/// The default sender: one structured log line per message, the number masked. A deployment with a
/// gateway registers its own <see cref="ISmsSender"/>.
/// </summary>
public sealed class LoggingSmsSender(ILogger<LoggingSmsSender> logger) : ISmsSender
{
    public Task SendAsync(string phone, string text, CancellationToken ct = default)
    {
        logger.LogInformation("SMS to {Phone}: {Text}", Mask(phone), text);
        return Task.CompletedTask;
    }

    /// <summary>138****5678: enough to tell numbers apart in a log, not enough to call.</summary>
    public static string Mask(string phone) =>
        phone is { Length: >= 7 } ? string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4)) : "***";
}
