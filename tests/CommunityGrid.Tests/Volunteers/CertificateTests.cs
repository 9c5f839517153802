using System.Diagnostics;
using System.Net;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace CommunityGrid.Tests.Volunteers;

public sealed class CertificateTests(VolunteerApp app) : IClassFixture<VolunteerApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task The_certificate_is_a_pdf_in_chinese_with_the_name_masked_id_hours_and_activities()
    {
        var start = app.Now.AddHours(1);
        var (_, shift) = await app.PlanAsync(VolunteerApp.Plan(start, title: "重阳敬老·上门陪伴", type: "ElderCare"));
        var signUp = await app.ServeAsync(DemoUsers.VolunteerShiqi1, shift, start, TimeSpan.FromMinutes(90));
        (await app.PostAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/sign-ups/{signUp}/verify")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await (await app.ClientForAsync(DemoUsers.VolunteerShiqi1)).GetAsync("/api/volunteers/me/certificate.pdf");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");

        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cg-certificate-" + Guid.NewGuid().ToString("N")[..8]));
        var file = Path.Combine(dir.FullName, "certificate.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        await RunAsync("pdftoppm", "-png", "-r", "72", "-singlefile", file, Path.Combine(dir.FullName, "page"));
        var png = Path.Combine(dir.FullName, "page.png");
        using (var bitmap = SKBitmap.Decode(png))
        {
            bitmap.Width.ShouldBeGreaterThan(500);
            var dark = 0;
            for (var y = 0; y < bitmap.Height; y += 2)
            {
                for (var x = 0; x < bitmap.Width; x += 2)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Red + c.Green + c.Blue < 384)
                    {
                        dark++;
                    }
                }
            }

            // Text and the border: well above nothing, far below a filled page.
            dark.ShouldBeGreaterThan(500);
            dark.ShouldBeLessThan(bitmap.Width * bitmap.Height / 8);
        }

        File.Copy(png, Path.Combine(Screenshots(), "volunteer-certificate.png"), overwrite: true);
        var text = await RunAsync("pdftotext", "-enc", "UTF-8", file, "-");
        text.ShouldContain("志愿服务时长证明");
        text.ShouldContain("田静");
        text.ShouldContain("重阳敬老·上门陪伴");
        text.ShouldContain("仕奇社区");
        text.ShouldContain("1.5");
        var idNumber = await app.WithLedgerAsync((_, db) => db.People.Where(p => p.Name == "田静").Select(p => p.IdNumber!).FirstAsync());
        text.ShouldNotContain(idNumber);
        text.ShouldContain(idNumber[..6] + "********" + idNumber[^4..]);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_is_refused()
    {
        var response = await (await app.ClientForAsync(DemoUsers.VolunteerShiqi1)).GetAsync("/api/volunteers/me/certificate.pdf?from=2026-10-02&to=2026-10-01");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_period");
    }

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (apt package poppler-utils).");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, error);
        return output;
    }

    internal static string Screenshots()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityGrid.slnx")))
        {
            dir = dir.Parent;
        }

        return Directory.CreateDirectory(Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots")).FullName;
    }
}

public sealed class MissingFontApp : VolunteerApp
{
    public MissingFontApp() => WithSetting("Volunteers:CertificateFont", "/nonexistent/NotoSansCJK-Regular.ttc");
}

public sealed class MissingFontTests(MissingFontApp app) : IClassFixture<MissingFontApp>
{
    [Fact]
    public async Task Without_the_cjk_font_the_certificate_answers_a_clear_problem()
    {
        var response = await (await app.ClientForAsync(DemoUsers.VolunteerShiqi1)).GetAsync("/api/volunteers/me/certificate.pdf");

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "certificate_font_missing");
    }
}
