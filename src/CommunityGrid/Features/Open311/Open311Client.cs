using System.Security.Cryptography;
using System.Text;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Open311;

/// <summary>
/// A 311 application allowed to report into the grid. Only the SHA-256 of its api_key is stored:
/// the key itself is shown once, when an admin issues it.
/// </summary>
public sealed class Open311Client
{
    public const int NameMaxLength = 60;
    public const int KeyHashLength = 64;

    private Open311Client() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string KeyHash { get; private set; } = "";
    public string? IssuedBy { get; private set; }
    public DateTime IssuedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public string? RevokedBy { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Issues a client with a fresh random key; the caller hands <paramref name="key"/> out once.</summary>
    public static Open311Client Issue(string name, string? issuedBy, DateTime now, out string key)
    {
        key = "o311_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        return WithKey(name, key, issuedBy, now);
    }

    /// <summary>A client with a known key (the demo environment's <c>demo-open311-key</c>).</summary>
    public static Open311Client WithKey(string name, string key, string? issuedBy, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
        {
            throw new InvalidInputException("open311_client_name_invalid", "客户端名称不能为空且不超过 60 字", "A client name is required, at most 60 characters.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new Open311Client
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            KeyHash = HashOf(key),
            IssuedBy = issuedBy,
            IssuedAt = now,
        };
    }

    public void Revoke(string? by, DateTime now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainRuleException("open311_client_revoked", "该客户端的 api_key 已被吊销", "This client's api_key is already revoked.");
        }

        RevokedAt = now;
        RevokedBy = by;
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 key: what is stored and looked up.</summary>
    public static string HashOf(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
