using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Photos;

/// <summary>What a photo store says when it cannot keep any more bytes.</summary>
public static class PhotoStorage
{
    /// <summary>ENOSPC / EDQUOT on Linux (the raw errno), ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    public static bool IsDiskFull(IOException e) =>
        e is not null && (e.HResult is 28 or 122 || (e.HResult & 0xFFFF) is 0x70 or 0x27 && (e.HResult & unchecked((int)0xFFFF0000)) == unchecked((int)0x80070000));

    /// <summary>507: the request was fine, the server has no room; nothing of it was kept.</summary>
    public static DomainRuleException Full() => new(
        "storage_full", "照片存储空间已满，请稍后再试或联系管理员", "Photo storage is full; try again later or tell an administrator.", RuleKind.StorageFull);
}
