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
}

internal sealed class DiskPhotoStore(IConfiguration configuration, IWebHostEnvironment environment) : IPhotoStore
{
    private readonly string root = Path.GetFullPath(configuration["Storage:PhotoPath"] is { Length: > 0 } p ? p : Path.Combine(environment.ContentRootPath, "data", "photos"));

    public async Task SaveAsync(Guid id, byte[] bytes, CancellationToken ct)
    {
        Directory.CreateDirectory(root);
        await File.WriteAllBytesAsync(PathOf(id), bytes, ct);
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

    /// <summary>The image without EXIF/XMP/IPTC/comments (JPEG), text/time/EXIF chunks (PNG), EXIF/XMP chunks (WebP).</summary>
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
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException)
        {
            throw new InvalidInputException("photo_corrupt", "图片文件已损坏，无法读取", "The image file is damaged.");
        }
    }

    private static byte[] StripJpeg(byte[] src)
    {
        using var output = new MemoryStream(src.Length);
        output.Write(src, 0, 2);
        var i = 2;
        while (i < src.Length)
        {
            if (src[i] != 0xFF)
            {
                throw new InvalidDataException("marker expected");
            }

            var marker = src[i + 1];
            if (marker == 0xDA)
            {
                // Start of scan: the compressed data and the rest follow unchanged.
                output.Write(src, i, src.Length - i);
                break;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                output.Write(src, i, 2);
                i += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(src.AsSpan(i + 2, 2));
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
        var i = 8;
        while (i + 12 <= src.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(src.AsSpan(i, 4));
            var type = System.Text.Encoding.ASCII.GetString(src, i + 4, 4);
            var total = 12 + length;
            if (i + total > src.Length)
            {
                throw new InvalidDataException("chunk overruns");
            }

            if (type is not ("tEXt" or "zTXt" or "iTXt" or "eXIf" or "tIME"))
            {
                output.Write(src, i, total);
            }

            i += total;
            if (type == "IEND")
            {
                break;
            }
        }

        return output.ToArray();
    }

    private static byte[] StripWebp(byte[] src)
    {
        using var body = new MemoryStream(src.Length);
        body.Write("WEBP"u8);
        var i = 12;
        while (i + 8 <= src.Length)
        {
            var fourCc = System.Text.Encoding.ASCII.GetString(src, i, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(src.AsSpan(i + 4, 4));
            var total = 8 + size + (size & 1);
            if (i + 8 + size > src.Length)
            {
                throw new InvalidDataException("chunk overruns");
            }

            if (fourCc is not ("EXIF" or "XMP "))
            {
                var chunk = src.AsSpan(i, Math.Min(total, src.Length - i)).ToArray();
                if (fourCc == "VP8X" && chunk.Length > 8)
                {
                    chunk[8] &= 0b1111_0011; // clear the EXIF (0x08) and XMP (0x04) flags
                }

                body.Write(chunk);
            }

            i += total;
        }

        var payload = body.ToArray();
        var result = new byte[8 + payload.Length];
        "RIFF"u8.CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(result, 8);
        return result;
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
            throw new DomainRuleException("photo_too_large", "图片不能超过 10 MB", "An image is at most 10 MB.", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var type = ImageMetadata.Sniff(bytes)
            ?? throw new DomainRuleException("photo_type_unsupported", "只支持 JPEG、PNG、WebP 图片", "Only JPEG, PNG and WebP images are accepted.", StatusCodes.Status415UnsupportedMediaType);
        var clean = ImageMetadata.Strip(bytes, type);
        var photo = Photo.Of(uploaderUserId, type, clean.Length, now);
        await store.SaveAsync(photo.Id, clean, ct);
        db.Photos.Add(photo);
        await db.SaveInTransactionAsync(ct);
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

internal sealed class PhotoConfiguration : IEntityTypeConfiguration<Photo>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Photo> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.UploaderUserId).HasMaxLength(450);
        b.Property(p => p.ContentType).HasMaxLength(20);
        b.HasIndex(p => p.WorkOrderId);
    }
}
