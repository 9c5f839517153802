using System.Security.Cryptography;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Notifications;

public enum WebhookFormat
{
    /// <summary>Our own JSON event document.</summary>
    Json = 1,
    /// <summary>企业微信群机器人 text message.</summary>
    WeCom = 2,
    /// <summary>钉钉群机器人 text message.</summary>
    DingTalk = 3,
}

/// <summary>
/// A webhook for the work-order events of one area (and everything under it), kept by the admins
/// of that area. The secret signs every body (HMAC-SHA256); it is shown once, when created.
/// </summary>
public sealed class WebhookSubscription : IAreaScoped, IDirectoryData
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 500;
    public const int KindsMaxLength = 600;

    private WebhookSubscription() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public Guid AreaId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public string TargetUrl { get; private set; } = "";
    public string Secret { get; private set; } = "";
    public WebhookFormat Format { get; private set; }
    /// <summary>Comma-separated event kinds (e.g. <c>escalated,callback_pending</c>); empty means every kind.</summary>
    public string EventKinds { get; private set; } = "";
    public bool Active { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyList<string> Kinds => EventKinds.Length == 0 ? [] : EventKinds.Split(',');

    public bool Wants(string kind) => EventKinds.Length == 0 || Kinds.Contains(kind, StringComparer.Ordinal);

    public static WebhookSubscription Create(string name, Guid areaId, string areaPath, string districtCode, Uri target, WebhookFormat format, IEnumerable<string>? kinds, string createdBy, DateTime now)
    {
        var s = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            AreaId = areaId,
            AreaPath = areaPath,
            DistrictCode = districtCode,
            Secret = NewSecret(),
            Active = true,
            CreatedBy = createdBy,
            CreatedAt = now,
        };
        s.Change(name, target, format, kinds, active: true, now);
        return s;
    }

    public void Change(string name, Uri target, WebhookFormat format, IEnumerable<string>? kinds, bool active, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
        {
            throw new InvalidInputException("name_invalid", "名称不能为空且不超过 100 字", "A name is required, at most 100 characters.");
        }

        TargetMustBeAnAbsoluteHttpUrl(target);
        if (!Enum.IsDefined(format))
        {
            throw new InvalidInputException("format_unknown", "未知的消息格式", "Unknown format.");
        }

        var list = (kinds ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unknown = list.FirstOrDefault(k => !NotificationTexts.KnownKinds.Contains(k));
        if (unknown is not null)
        {
            throw new InvalidInputException("event_kind_unknown", $"未知的事件类型：{unknown}", $"Unknown event kind: {unknown}.");
        }

        Name = name.Trim();
        TargetUrl = target.AbsoluteUri;
        Format = format;
        EventKinds = string.Join(',', list);
        Active = active;
        UpdatedAt = now;
    }

    /// <summary>A new secret; the old one stops signing at once.</summary>
    public void RotateSecret(DateTime now)
    {
        Secret = NewSecret();
        UpdatedAt = now;
    }

    private static void TargetMustBeAnAbsoluteHttpUrl(Uri target)
    {
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp) || target.AbsoluteUri.Length > UrlMaxLength)
        {
            throw new InvalidInputException("target_url_invalid", "回调地址必须是完整的 http(s) 地址", "The target must be an absolute http(s) URL.");
        }
    }

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
