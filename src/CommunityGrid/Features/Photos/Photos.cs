using System.Buffers.Binary;
using System.Security.Claims;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Photos;

/// <summary>A photo of a report or of finished work. The bytes live in <see cref="IPhotoStore"/>; metadata (GPS, EXIF) is stripped before storage.</summary>
public sealed class Photo
{
    public const int MaxBytes = 10 * 1024 * 1024;

    private Photo() { }

    public Guid Id { get; private set; }
    public string UploaderUserId { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public int Length { get; private set; }
    public Guid? WorkOrderId { get; private set; }
    public DateTime UploadedAt { get; private set; }

    public static Photo Of(string uploader, string contentType, int length, DateTime now) =>
        new() { Id = Guid.CreateVersion7(), UploaderUserId = uploader, ContentType = contentType, Length = length, UploadedAt = now };

    public void AttachTo(Guid workOrderId) => WorkOrderId ??= workOrderId;
}

/// <summary>
/// Who besides the uploader may see a photo attached to a work order: the work-order feature answers, since
/// it owns the order's visibility (photos sit below work orders and cannot ask them directly).
/// </summary>
public interface IAttachedPhotoAccess
{
    Task<bool> MaySeeOrderAsync(Guid workOrderId, CancellationToken ct);
}

/// <summary>Where photo bytes are kept (a real seam: local disk by default, object storage in production).</summary>
public interface IPhotoStore
{
    Task SaveAsync(Guid id, byte[] bytes, CancellationToken ct);

    Task<byte[]?> ReadAsync(Guid id, CancellationToken ct);

    /// <summary>Removes the bytes of a photo whose row could not be saved.</summary>
    Task DeleteAsync(Guid id, CancellationToken ct);
}

internal sealed class DiskPhotoStore(IConfiguration configuration, IWebHostEnvironment environment) : IPhotoStore
{
    private readonly string root = Path.GetFullPath(configuration["Storage:PhotoPath"] is { Length: > 0 } p ? p : Path.Combine(environment.ContentRootPath, "data", "photos"));

    public async Task SaveAsync(Guid id, byte[] bytes, CancellationToken ct)
    {
        // Written aside and renamed into place: a full disk or a crash leaves no partial photo under its name.
        var target = PathOf(id);
        var partial = target + ".partial";
        try
        {
            Directory.CreateDirectory(root);
            await File.WriteAllBytesAsync(partial, bytes, ct);
            File.Move(partial, target);
        }
        catch (Exception e)
        {
            TryDelete(partial);
            if (e is IOException io && PhotoStorage.IsDiskFull(io))
            {
                throw PhotoStorage.Full();
            }

            throw;
        }
    }

    public Task DeleteAsync(Guid id, CancellationToken ct)
    {
        TryDelete(PathOf(id));
        return Task.CompletedTask;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray file is harmless, it is never served without its row.
        }
    }

    public async Task<byte[]?> ReadAsync(Guid id, CancellationToken ct) =>
        File.Exists(PathOf(id)) ? await File.ReadAllBytesAsync(PathOf(id), ct) : null;

    private string PathOf(Guid id) => Path.Combine(root, id.ToString("N"));
}

/// <summary>Recognises JPEG, PNG and WebP by their bytes and removes metadata blocks.</summary>
public static class ImageMetadata
{
    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (b.Length > 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (b.Length > 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>At most this many chunks or segments are walked; a real photo has a few dozen.</summary>
    public const int MaxChunks = 4096;

    /// <summary>Wider or taller than this (in pixels) is refused: no camera makes it, a decompression bomb does.</summary>
    public const int MaxDimension = 20_000;

    /// <summary>The image without EXIF/XMP/IPTC/comments (JPEG), text/time/EXIF chunks (PNG), EXIF/XMP chunks (WebP).</summary>
    /// <remarks>
    /// Every parser here reads lengths as unsigned, checks them against the bytes that remain,
    /// advances on every step and gives up after <see cref="MaxChunks"/>: a hostile length can
    /// make a file unreadable (400), never a loop.
    /// </remarks>
    public static byte[] Strip(byte[] image, string contentType)
    {
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            return contentType switch
            {
                "image/jpeg" => StripJpeg(image),
                "image/png" => StripPng(image),
                "image/webp" => StripWebp(image),
                _ => throw new ArgumentOutOfRangeException(nameof(contentType)),
            };
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException or OverflowException)
        {
            throw new InvalidInputException("photo_corrupt", "图片文件已损坏，无法读取", "The image file is damaged.");
        }
    }

    private static byte[] StripJpeg(byte[] src)
    {
        using var output = new MemoryStream(src.Length);
        output.Write(src, 0, 2);
        var i = 2;
        for (var segments = 0; ; segments++)
        {
            if (segments > MaxChunks || i + 2 > src.Length)
            {
                throw new InvalidDataException("no image data");
            }

            if (src[i] != 0xFF)
            {
                throw new InvalidDataException("marker expected");
            }

            var marker = src[i + 1];
            if (marker == 0xFF)
            {
                i += 1; // a fill byte before the marker
                continue;
            }

            if (marker == 0xDA)
            {
                // Start of scan: the compressed data and the rest follow unchanged.
                output.Write(src, i, src.Length - i);
                break;
            }

            if (marker is 0xD8 or 0xD9 or 0x00)
            {
                throw new InvalidDataException("misplaced marker");
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                output.Write(src, i, 2);
                i += 2;
                continue;
            }

            if (i + 4 > src.Length)
            {
                throw new InvalidDataException("segment header cut");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(src.AsSpan(i + 2, 2)); // counts its own two bytes
            if (length < 2 || i + 2 + length > src.Length)
            {
                throw new InvalidDataException("segment overruns");
            }

            if (marker is 0xC0 or 0xC1 or 0xC2 or 0xC3 && length >= 7)
            {
                // Start of frame: precision, height, width.
                CheckDimensions(BinaryPrimitives.ReadUInt16BigEndian(src.AsSpan(i + 5, 2)), BinaryPrimitives.ReadUInt16BigEndian(src.AsSpan(i + 7, 2)));
            }

            var drop = marker is 0xE1 or 0xED or 0xFE; // APP1 (EXIF, XMP), APP13 (IPTC), COM
            if (!drop)
            {
                output.Write(src, i, 2 + length);
            }

            i += 2 + length;
        }

        return output.ToArray();
    }

    private static byte[] StripPng(byte[] src)
    {
        using var output = new MemoryStream(src.Length);
        output.Write(src, 0, 8);
        long i = 8;
        var ended = false;
        for (var chunks = 0; !ended; chunks++)
        {
            if (chunks > MaxChunks || i + 12 > src.Length)
            {
                throw new InvalidDataException("no IEND");
            }

            long length = BinaryPrimitives.ReadUInt32BigEndian(src.AsSpan((int)i, 4));
            var type = System.Text.Encoding.ASCII.GetString(src, (int)i + 4, 4);
            var total = 12 + length;
            if (length > int.MaxValue || i + total > src.Length)
            {
                throw new InvalidDataException("chunk overruns");
            }

            if (type == "IHDR" && length >= 8)
            {
                CheckDimensions(BinaryPrimitives.ReadUInt32BigEndian(src.AsSpan((int)i + 8, 4)), BinaryPrimitives.ReadUInt32BigEndian(src.AsSpan((int)i + 12, 4)));
            }

            if (type is not ("tEXt" or "zTXt" or "iTXt" or "eXIf" or "tIME"))
            {
                output.Write(src, (int)i, (int)total);
            }

            i += total;
            ended = type == "IEND";
        }

        return output.ToArray();
    }

    private static byte[] StripWebp(byte[] src)
    {
        using var body = new MemoryStream(src.Length);
        body.Write("WEBP"u8);
        long i = 12;
        for (var chunks = 0; i + 8 <= src.Length; chunks++)
        {
            if (chunks > MaxChunks)
            {
                throw new InvalidDataException("too many chunks");
            }

            var fourCc = System.Text.Encoding.ASCII.GetString(src, (int)i, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(src.AsSpan((int)i + 4, 4));
            if (i + 8 + size > src.Length)
            {
                throw new InvalidDataException("chunk overruns");
            }

            if (chunks == 0 && fourCc is not ("VP8 " or "VP8L" or "VP8X"))
            {
                throw new InvalidDataException("image chunk expected");
            }

            if (fourCc == "VP8X" && size >= 10)
            {
                // 24-bit canvas width and height, each stored minus one.
                var s = src.AsSpan((int)i + 8);
                CheckDimensions((uint)(s[4] | s[5] << 8 | s[6] << 16) + 1, (uint)(s[7] | s[8] << 8 | s[9] << 16) + 1);
            }

            var total = Math.Min(8 + size + (size & 1), src.Length - i); // the pad byte of a last odd chunk may be missing
            if (fourCc is not ("EXIF" or "XMP "))
            {
                var chunk = src.AsSpan((int)i, (int)total).ToArray();
                if (fourCc == "VP8X" && chunk.Length > 8)
                {
                    chunk[8] &= 0b1111_0011; // clear the EXIF (0x08) and XMP (0x04) flags
                }

                body.Write(chunk);
            }

            i += total;
        }

        if (body.Length == 4)
        {
            throw new InvalidDataException("no chunks");
        }

        var payload = body.ToArray();
        var result = new byte[8 + payload.Length];
        "RIFF"u8.CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(result, 8);
        return result;
    }

    private static void CheckDimensions(uint width, uint height)
    {
        if (width > MaxDimension || height > MaxDimension)
        {
            throw new InvalidDataException("dimensions out of range");
        }
    }
}

public sealed record PhotoUploaded(Guid Id, string ContentType, int Length);

internal static class PhotoEndpoints
{
    public static IServiceCollection AddPhotos(this IServiceCollection services)
    {
        services.AddSingleton<IPhotoStore, DiskPhotoStore>();
        return services;
    }

    public static RouteGroupBuilder MapPhotos(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/photos").WithTags("Photos");
        group.MapPost("/", Upload).DisableAntiforgery()
            .WithSummary("Uploads one JPEG, PNG or WebP (≤ 10 MB) as form field 'file'; GPS and other metadata are removed.");
        group.MapGet("/{id:guid}", Read);
        return api;
    }

    private static async Task<Created<PhotoUploaded>> Upload(HttpRequest request, AppDbContext db, IPhotoStore store, TimeProvider clock, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new InvalidInputException("photo_missing", "请以表单字段 file 上传图片", "Upload the image as form field 'file'.");
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new InvalidInputException("photo_missing", "请以表单字段 file 上传图片", "Upload the image as form field 'file'.");
        var userId = request.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var photo = await StoreAsync(file, userId, db, store, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/photos/{photo.Id}", new PhotoUploaded(photo.Id, photo.ContentType, photo.Length));
    }

    /// <summary>Checks, strips and stores one uploaded image (the API and the pages' forms alike); it waits unattached for its order.</summary>
    public static async Task<Photo> StoreAsync(IFormFile file, string uploaderUserId, AppDbContext db, IPhotoStore store, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        if (file.Length > Photo.MaxBytes)
        {
            throw new DomainRuleException("photo_too_large", "图片不能超过 10 MB", "An image is at most 10 MB.", RuleKind.TooLarge);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var type = ImageMetadata.Sniff(bytes)
            ?? throw new DomainRuleException("photo_type_unsupported", "只支持 JPEG、PNG、WebP 图片", "Only JPEG, PNG and WebP images are accepted.", RuleKind.UnsupportedMedia);
        var clean = ImageMetadata.Strip(bytes, type);
        var photo = Photo.Of(uploaderUserId, type, clean.Length, now);
        await store.SaveAsync(photo.Id, clean, ct);
        db.Photos.Add(photo);
        try
        {
            await db.SaveInTransactionAsync(ct);
        }
        catch
        {
            // No file without its row.
            await store.DeleteAsync(photo.Id, CancellationToken.None);
            db.Photos.Remove(photo);
            throw;
        }

        return photo;
    }

    /// <summary>Served to its uploader and to whoever may see the order it belongs to; anyone else gets 404.</summary>
    private static async Task<FileContentHttpResult> Read(Guid id, AppDbContext db, IPhotoStore store, CurrentUser current, IAttachedPhotoAccess orders, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("photo");
        var allowed = (scope.UserId is not null && photo.UploaderUserId == scope.UserId)
            || (photo.WorkOrderId is { } orderId && await orders.MaySeeOrderAsync(orderId, ct));
        if (!allowed)
        {
            throw new NotFoundException("photo");
        }

        var bytes = await store.ReadAsync(id, ct) ?? throw new NotFoundException("photo");
        return TypedResults.File(bytes, photo.ContentType);
    }
}
