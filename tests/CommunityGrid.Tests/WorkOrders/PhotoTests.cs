using CommunityGrid.Features.Photos;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

public sealed class PhotoTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    // A JPEG skeleton: SOI, APP0 (JFIF), APP1 (EXIF with a GPS marker text), COM, SOS + data, EOI.
    private static readonly byte[] JpegWithExif =
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x07, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00,
        0xFF, 0xE1, 0x00, 0x0E, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0x00, 0x00, (byte)'G', (byte)'P', (byte)'S', (byte)'4', (byte)'0', (byte)'.',
        0xFF, 0xFE, 0x00, 0x06, (byte)'h', (byte)'i', (byte)'!', (byte)'!',
        0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0x33,
        0xFF, 0xD9,
    ];

    private static byte[] Png(params (string Type, byte[] Data)[] chunks)
    {
        using var s = new MemoryStream();
        s.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in chunks)
        {
            s.Write([(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length]);
            s.Write(System.Text.Encoding.ASCII.GetBytes(type));
            s.Write(data);
            s.Write([0, 0, 0, 0]); // CRC is not checked by the stripper
        }

        return s.ToArray();
    }

    private static byte[] Webp()
    {
        var vp8x = new byte[10];
        vp8x[0] = 0x08 | 0x04;
        byte[] exif = [.. "EXIF"u8, 4, 0, 0, 0, (byte)'G', (byte)'P', (byte)'S', (byte)'!'];
        byte[] vp8l = [.. "VP8L"u8, 2, 0, 0, 0, 0x2F, 0x00];
        byte[] body = [.. "WEBP"u8, .. "VP8X"u8, 10, 0, 0, 0, .. vp8x, .. exif, .. vp8l];
        return [.. "RIFF"u8, (byte)body.Length, 0, 0, 0, .. body];
    }

    [Fact]
    public void Jpeg_exif_and_comments_are_removed_and_the_image_data_kept()
    {
        var clean = ImageMetadata.Strip(JpegWithExif, "image/jpeg");
        System.Text.Encoding.ASCII.GetString(clean).ShouldNotContain("GPS");
        System.Text.Encoding.ASCII.GetString(clean).ShouldNotContain("hi!!");
        System.Text.Encoding.ASCII.GetString(clean).ShouldContain("JFIF");
        clean[^7..].ShouldBe(JpegWithExif[^7..]);
    }

    [Fact]
    public void Png_text_chunks_are_removed()
    {
        var png = Png(("IHDR", new byte[13]), ("tEXt", "GPS\0here"u8.ToArray()), ("IDAT", [1, 2, 3]), ("IEND", []));
        var clean = ImageMetadata.Strip(png, "image/png");
        System.Text.Encoding.ASCII.GetString(clean).ShouldNotContain("GPS");
        System.Text.Encoding.ASCII.GetString(clean).ShouldContain("IDAT");
    }

    [Fact]
    public void Webp_exif_chunk_and_flag_are_removed()
    {
        var clean = ImageMetadata.Strip(Webp(), "image/webp");
        System.Text.Encoding.ASCII.GetString(clean).ShouldNotContain("EXIF");
        (clean[20] & 0x0C).ShouldBe(0);
        BitConverter.ToInt32(clean, 4).ShouldBe(clean.Length - 8);
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name = "photo.jpg")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Fact]
    public async Task A_patrol_report_with_a_photo_is_stored_without_metadata_and_served_only_in_scope()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var uploaded = await (await worker.PostAsync("/api/photos", Form(JpegWithExif))).JsonAsync(HttpStatusCode.Created);
        var photoId = uploaded.GetProperty("id").GetGuid();
        uploaded.GetProperty("contentType").GetString().ShouldBe("image/jpeg");

        var report = await (await worker.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title = "垃圾桶满溢（随手拍）", latitude = 40.8110, longitude = 111.7010, photoIds = new[] { photoId } }))
            .JsonAsync(HttpStatusCode.Created);
        report.GetProperty("order").GetProperty("origin").GetString().ShouldBe("Patrol");
        report.GetProperty("order").GetProperty("timeline")[0].GetProperty("photos")[0].GetGuid().ShouldBe(photoId);

        var served = await (await app.ClientForAsync(DemoUsers.CommunityAdminShiqi)).GetAsync($"/api/photos/{photoId}");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        System.Text.Encoding.ASCII.GetString(await served.Content.ReadAsByteArrayAsync()).ShouldNotContain("GPS");

        var outsider = await (await app.ClientForAsync(DemoUsers.GridChiefSanshundian1)).GetAsync($"/api/photos/{photoId}");
        await outsider.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_text_file_is_415_and_a_photo_of_someone_else_cannot_be_attached()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var text = await worker.PostAsync("/api/photos", Form("not an image"u8.ToArray(), "a.jpg"));
        await text.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "photo_type_unsupported");

        var mine = (await (await worker.PostAsync("/api/photos", Form(JpegWithExif))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var other = await (await app.ClientForAsync(DemoUsers.GridWorkerShiqi2)).PostAsJsonAsync("/api/work-orders",
            new { categoryCode = "city.garbage", title = "借用别人的照片", latitude = 40.8110, longitude = 111.7050, photoIds = new[] { mine } });
        await other.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "photo_unknown");
    }

    [Fact]
    public async Task An_image_over_ten_megabytes_is_413()
    {
        var big = new byte[Photo.MaxBytes + 1];
        JpegWithExif.CopyTo(big, 0);
        var response = await (await app.ClientForAsync(DemoUsers.GridChiefShiqi1)).PostAsync("/api/photos", Form(big));
        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "photo_too_large");
    }
}
