using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure;
using CommunityGrid.Infrastructure.Spreadsheets;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.People;

/// <summary>
/// The import with files a real spreadsheet program wrote (Fixtures/, saved by LibreOffice: see its README), with
/// hostile sizes, and with what people paste into cells: error values, merged cells, full-width digits, invisible characters.
/// </summary>
public class RealSpreadsheetImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Worker = DemoUsers.GridChiefShiqi1;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "People", "Fixtures", name));

    private static MultipartFormDataContent Form(HttpContent file)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue(ImportEndpoints.XlsxContentType);
        return new MultipartFormDataContent { { file, "file", "居民.xlsx" } };
    }

    private async Task<HttpResponseMessage> ImportAsync(byte[] bytes)
    {
        using var client = await app.ClientForAsync(Worker);
        using var form = Form(new ByteArrayContent(bytes));
        return await client.PostAsync("/api/people/import", form, Ct);
    }

    private async Task<(int People, int Households)> CountAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.People.CountAsync(Ct), await db.Households.CountAsync(Ct));
    }

    private static List<(int Row, string Column, string Message)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!, e.GetProperty("message").GetString()!))];

    [Theory]
    [InlineData("libreoffice-old-template-filled.xlsx")]
    [InlineData("libreoffice-template-filled.xlsx")]
    public async Task A_template_filled_and_saved_by_LibreOffice_imports_every_row(string fixture)
    {
        var before = await CountAsync();
        var summary = await (await ImportAsync(Fixture(fixture))).JsonAsync();
        summary.GetProperty("households").GetInt32().ShouldBe(2);
        summary.GetProperty("people").GetInt32().ShouldBe(3);
        (await CountAsync()).ShouldBe((before.People + 3, before.Households + 2));
    }

    [Fact]
    public async Task The_old_template_with_comments_on_its_headers_is_read_and_its_example_row_is_refused_not_imported()
    {
        var before = await CountAsync();
        var problem = await (await ImportAsync(Fixture("libreoffice-old-template-with-comments.xlsx"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");
        var error = Errors(problem).ShouldHaveSingleItem();
        error.Row.ShouldBe(2);
        error.Message.ShouldContain("示例行");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_current_template_saved_by_LibreOffice_unfilled_holds_no_rows_to_import()
    {
        await (await ImportAsync(Fixture("libreoffice-template.xlsx"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_empty");
    }

    [Fact]
    public async Task Merged_cells_are_reported_as_merged_on_every_row_they_cover_and_nothing_is_written()
    {
        var before = await CountAsync();
        var problem = await (await ImportAsync(Fixture("libreoffice-merged-cells.xlsx"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");
        var errors = Errors(problem);
        errors.Select(e => (e.Row, e.Column)).ShouldBe([(2, "房屋编码"), (2, "户号"), (3, "房屋编码"), (3, "户号")], ignoreOrder: true);
        errors.ShouldAllBe(e => e.Message.Contains("合并单元格"));
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Excel_error_values_are_reported_on_their_cells_never_imported_as_names_nor_dropped_as_empty()
    {
        var before = await CountAsync();
        var problem = await (await ImportAsync(Fixture("libreoffice-error-values.xlsx"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");
        var errors = Errors(problem);
        errors.Select(e => (e.Row, e.Column)).ShouldBe([(2, "姓名"), (2, "手机号"), (3, "姓名"), (3, "出生日期")], ignoreOrder: true);
        errors.Single(e => e is { Row: 2, Column: "手机号" }).Message.ShouldContain("#N/A");
        errors.Single(e => e is { Row: 3, Column: "姓名" }).Message.ShouldContain("#DIV/0!");
        errors.Single(e => e is { Row: 3, Column: "出生日期" }).Message.ShouldContain("#VALUE!");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Full_width_digits_import_as_digits_and_a_name_with_zero_width_characters_is_stored_plain_and_found()
    {
        var summary = await (await ImportAsync(Fixture("libreoffice-full-width.xlsx"))).JsonAsync();
        summary.GetProperty("people").GetInt32().ShouldBe(1);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var person = await db.People.AsNoTracking().SingleAsync(p => p.Name == "周晓明", Ct);
            person.IdNumber.ShouldBe(Features.People.IdNumbers.WithCheckDigit("11010119880808088"));
            person.Phone.ShouldBe("13911112222");
        }

        using var client = await app.ClientForAsync(Worker);
        var page = await (await client.GetAsync("/api/people?name=晓明", Ct)).JsonAsync();
        page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldContain("周晓明");
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_as_too_large_with_the_limit_whether_or_not_its_length_is_announced()
    {
        var bytes = new byte[8 * 1024 * 1024];
        "PK"u8.CopyTo(bytes);
        var problem = await (await ImportAsync(bytes)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        problem.GetProperty("title").GetString()!.ShouldContain("5 MB");
        problem.GetProperty("maxBytes").GetInt64().ShouldBe(ImportSheet.MaxFileBytes);

        // Sent chunked, without a Content-Length: the limit is met while reading.
        using var client = await app.ClientForAsync(Worker);
        using var form = Form(new StreamContent(new UnannouncedLength(bytes)));
        var chunked = await client.PostAsync("/api/people/import", form, Ct);
        await chunked.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file_too_large");
    }

    [Fact]
    public async Task A_sheet_of_a_million_rows_is_refused_at_the_row_limit()
    {
        var bytes = ImportSheets.Huge(1_048_575);
        bytes.Length.ShouldBeLessThan((int)ImportSheet.MaxFileBytes);
        await (await ImportAsync(bytes)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_too_large");
    }

    [Fact]
    public void Reading_a_sheet_of_a_million_rows_stops_at_the_row_limit_instead_of_parsing_them_all()
    {
        var bytes = ImportSheets.Huge(1_048_575);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(new MemoryStream(bytes))).Code.ShouldBe("import_too_large");

        // Reading every row allocates gigabytes; stopping after MaxRows + 1 rows allocates a few megabytes.
        (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore).ShouldBeLessThan(256L * 1024 * 1024);
    }

    [Fact]
    public void A_sheet_of_a_million_blank_formatted_rows_is_refused_without_reading_them_all()
    {
        var bytes = ImportSheets.Huge(1_048_575, blank: true);
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(new MemoryStream(bytes))).Code.ShouldBe("import_too_large");
    }

    /// <summary>A stream whose length is unknown, so the client sends it chunked.</summary>
    private sealed class UnannouncedLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
