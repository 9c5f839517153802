using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommunityGrid.Features.People.Import;

public sealed record ImportSummary(int Households, int People);

internal static class ImportEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapHouseholdImport(this RouteGroupBuilder people)
    {
        people.MapGet("/import/template", Template)
            .WithSummary("The .xlsx template for importing households and residents, with a sheet explaining each column.");
        people.MapPost("/import", Import)
            .WithSummary("Imports households and residents from an .xlsx file (form field 'file'): all rows or none.")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            // Bearer-token API callers carry no antiforgery token; the cookie is SameSite=Lax, so other sites cannot post it here.
            .DisableAntiforgery()
            // The server stops reading a body this large; smaller ones past the file limit get the 413 below.
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return people;
    }

    private static FileContentHttpResult Template() =>
        TypedResults.File(HouseholdImport.Template(), XlsxContentType, "居民导入模板.xlsx");

    /// <summary>The file plus the multipart envelope around it.</summary>
    private const long MaxBodyBytes = ImportSheet.MaxFileBytes + (64 * 1024);

    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> Import(HttpRequest request, HouseholdImport import, CancellationToken ct)
    {
        // The form is read here, not bound, so a file past the limit is told as such (413 file_too_large)
        // rather than as an unreadable request.
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        IFormFile? file;
        try
        {
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxBodyBytes, ValueCountLimit = 16 }, ct);
            file = form.Files.GetFile("file");
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or BadHttpRequestException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "请以 multipart/form-data 表单上传 .xlsx 文件（字段 file）",
                detail: "Send the .xlsx file as multipart/form-data in the form field 'file'.",
                extensions: new Dictionary<string, object?> { ["code"] = "import_unreadable" });
        }

        if (file is null || file.Length == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "请选择要导入的 .xlsx 文件",
                detail: "Send the .xlsx file in the form field 'file'.",
                extensions: new Dictionary<string, object?> { ["code"] = "import_unreadable" });
        }

        if (file.Length > ImportSheet.MaxFileBytes)
        {
            return TooLarge();
        }

        await using var stream = file.OpenReadStream();
        var result = await import.ImportAsync(stream, ct);
        if (!result.Succeeded)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: $"文件中有 {result.Errors.Count} 处错误，未导入任何数据",
                detail: $"The file has {result.Errors.Count} errors; nothing was imported.",
                extensions: new Dictionary<string, object?> { ["code"] = "import_invalid", ["errors"] = result.Errors });
        }

        return TypedResults.Ok(new ImportSummary(result.Households, result.People));
    }

    private static ProblemHttpResult TooLarge()
    {
        var problem = ImportSheet.FileTooLarge();
        return TypedResults.Problem(
            statusCode: Infrastructure.RuleKinds.Status(problem.Kind),
            title: problem.Message,
            detail: problem.MessageEn,
            extensions: new Dictionary<string, object?> { ["code"] = problem.Code, ["maxBytes"] = ImportSheet.MaxFileBytes });
    }
}
