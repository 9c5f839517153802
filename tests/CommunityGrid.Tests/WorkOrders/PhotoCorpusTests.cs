using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using CommunityGrid.Data;
using CommunityGrid.Features.Photos;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>
/// Damaged and hostile images, generated here: every truncation of a small valid PNG, JPEG, WebP
/// and GIF, and each with its length fields set to 0, 0x7FFFFFFF, 0xFFFFFFF4…, huge dimensions and
/// empty segments. Each upload answers 4xx or is accepted — within a generous hang guard.
/// </summary>
public sealed class PhotoCorpusTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private static byte[] Be32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    private static byte[] Le32(uint v) => [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];

    private static byte[] PngChunk(string type, byte[] data, uint? length = null) =>
        [.. Be32(length ?? (uint)data.Length), .. System.Text.Encoding.ASCII.GetBytes(type), .. data, 0, 0, 0, 0];

    private static byte[] Png(uint width = 1, uint height = 1, uint? textLength = null) =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        .. PngChunk("IHDR", [.. Be32(width), .. Be32(height), 8, 2, 0, 0, 0]),
        .. PngChunk("tEXt", "GPS\0here"u8.ToArray(), textLength),
        .. PngChunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1]),
        .. PngChunk("IEND", []),
    ];

    private static byte[] Jpeg(ushort app1Length = 0x0E, ushort height = 1, ushort width = 1) =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x07, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00,
        0xFF, 0xE1, (byte)(app1Length >> 8), (byte)app1Length, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0x00, 0x00, (byte)'G', (byte)'P', (byte)'S', (byte)'4', (byte)'0', (byte)'.',
        0xFF, 0xC0, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00,
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x11, 0x22,
        0xFF, 0xD9,
    ];

    private static byte[] Webp(uint exifSize = 4, uint canvas = 0)
    {
        byte[] vp8x = [0x0C, 0, 0, 0, (byte)canvas, (byte)(canvas >> 8), (byte)(canvas >> 16), (byte)canvas, (byte)(canvas >> 8), (byte)(canvas >> 16)];
        byte[] body = [.. "WEBP"u8, .. "VP8X"u8, .. Le32(10), .. vp8x, .. "EXIF"u8, .. Le32(exifSize), (byte)'G', (byte)'P', (byte)'S', (byte)'!', .. "VP8L"u8, .. Le32(2), 0x2F, 0x00];
        return [.. "RIFF"u8, .. Le32((uint)body.Length), .. body];
    }

    private static byte[] Gif() => [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B];

    /// <summary>The corpus: each valid file, every truncation of it, and hostile length fields.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Corpus()
    {
        var valid = new (string, byte[])[] { ("png", Png()), ("jpeg", Jpeg()), ("webp", Webp()), ("gif", Gif()) };
        foreach (var (name, bytes) in valid)
        {
            yield return (name, bytes);
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                yield return ($"{name} cut at {cut}", bytes[..cut]);
            }
        }

        foreach (var length in new uint[] { 0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFF4, 0xFFFFFFF8, 0xFFFFFFFF })
        {
            yield return ($"png tEXt length {length:X}", Png(textLength: length));
            yield return ($"webp EXIF size {length:X}", Webp(exifSize: length));
            var riff = Webp();
            Le32(length).CopyTo(riff, 4);
            yield return ($"webp RIFF size {length:X}", riff);
        }

        foreach (ushort length in new ushort[] { 0, 1, 2, 0x7FFF, 0xFFFF })
        {
            yield return ($"jpeg APP1 length {length:X}", Jpeg(app1Length: length));
        }

        yield return ("png huge", Png(0x7FFFFFFF, 0x7FFFFFFF));
        yield return ("png zero size", Png(0, 0));
        yield return ("jpeg huge", Jpeg(height: 0xFFFF, width: 0xFFFF));
        yield return ("webp huge", Webp(canvas: 0xFFFFFF));
        yield return ("jpeg fill bytes only", [0xFF, 0xD8, .. Enumerable.Repeat((byte)0xFF, 100_000)]);
        yield return ("png many empty chunks", [.. Png()[..33], .. Enumerable.Range(0, 10_000).SelectMany(_ => PngChunk("zzzz", []))]);
        yield return ("jpeg many empty segments", [0xFF, 0xD8, .. Enumerable.Range(0, 10_000).SelectMany(_ => new byte[] { 0xFF, 0xE2, 0x00, 0x02 })]);
    }

    [Fact]
    public async Task Truncated_and_hostile_images_are_refused_or_accepted_never_a_hang_or_a_server_error()
    {
        // The parser alone first: a loop shows here as a timeout, not as a stuck server.
        foreach (var (name, bytes) in Corpus())
        {
            if (ImageMetadata.Sniff(bytes) is not { } type)
            {
                continue;
            }

            var strip = Task.Run(() =>
            {
                try
                {
                    ImageMetadata.Strip(bytes, type);
                }
                catch (CommunityGrid.Infrastructure.InvalidInputException e) when (e.Code == "photo_corrupt")
                {
                }
            }, TestContext.Current.CancellationToken);
            (await Task.WhenAny(strip, Task.Delay(HangGuard, TestContext.Current.CancellationToken))).ShouldBe(strip, $"{name} never finished");
            await strip;
        }

        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        foreach (var (name, bytes) in Corpus())
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            guard.CancelAfter(HangGuard);
            var response = await client.PostAsync("/api/photos", Form(bytes), guard.Token);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            ((int)response.StatusCode).ShouldBeInRange(200, 499, $"{name}: {body}");
            if ((int)response.StatusCode >= 400)
            {
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{name}: {body}");
            }
        }
    }

    [Fact]
    public async Task The_two_uploads_of_the_probe_are_refused_as_damaged()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        await (await client.PostAsync("/api/photos", Form(Png(textLength: 0xFFFFFFF4)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "photo_corrupt");
        await (await client.PostAsync("/api/photos", Form(Webp(exifSize: 0xFFFFFFF8)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "photo_corrupt");
    }

    internal static MultipartFormDataContent Form(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", "photo.bin" } };
    }
}

/// <summary>An app whose photo directory is a tiny tmpfs, filled before each test (needs root; skipped with the reason otherwise).</summary>
public sealed class FullDiskApp : WorkOrderApp
{
    public string PhotoPath { get; } = Path.Combine(Path.GetTempPath(), "cg-full-" + Guid.NewGuid().ToString("N")[..8]);

    public string? NotMounted { get; }

    public FullDiskApp()
    {
        Directory.CreateDirectory(PhotoPath);
        NotMounted = Run("mount", $"-t tmpfs -o size=64k tmpfs {PhotoPath}");
        WithSetting("Storage:PhotoPath", PhotoPath);
    }

    /// <summary>Null when the command succeeded, else why not.</summary>
    public static string? Run(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{command} {arguments}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{command}: {e.Message}";
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (NotMounted is null)
        {
            Run("umount", PhotoPath);
        }

        Directory.Delete(PhotoPath, recursive: true);
    }
}

public sealed class PhotoFullDiskTests(FullDiskApp app) : IClassFixture<FullDiskApp>
{
    [Fact]
    public async Task A_full_photo_disk_is_507_storage_full_and_leaves_no_row_and_no_file()
    {
        Assert.SkipWhen(app.NotMounted is not null, $"a tiny filesystem for photos could not be mounted ({app.NotMounted}); the full-disk path is not faked");

        // Fill the filesystem to the last byte.
        await using (var filler = File.Create(Path.Combine(app.PhotoPath, "filler")))
        {
            var block = new byte[4096];
            try
            {
                while (true)
                {
                    await filler.WriteAsync(block, TestContext.Current.CancellationToken);
                    await filler.FlushAsync(TestContext.Current.CancellationToken);
                }
            }
            catch (IOException)
            {
                // Full.
            }
        }

        int rowsBefore;
        using (var scope = app.Services.CreateScope())
        {
            rowsBefore = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Photos.CountAsync(TestContext.Current.CancellationToken);
        }

        var jpeg = new byte[16 * 1024];
        byte[] head = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x07, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0xFF, 0xDA, 0x00, 0x02];
        head.CopyTo(jpeg, 0);
        var response = await (await app.ClientForAsync(DemoUsers.ResidentShiqi1)).PostAsync("/api/photos", PhotoCorpusTests.Form(jpeg), TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.InsufficientStorage, "storage_full");
        using (var scope = app.Services.CreateScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Photos.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(rowsBefore);
        }

        Directory.GetFiles(app.PhotoPath).Select(Path.GetFileName).ShouldBe(["filler"]);
    }
}
