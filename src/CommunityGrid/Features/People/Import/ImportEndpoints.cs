using Microsoft.AspNetCore.Http.HttpResults;

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
            // Bearer-token API callers carry no antiforgery token; the cookie is SameSite=Lax, so other sites cannot post it here.
            .DisableAntiforgery()
            .WithFormOptions(multipartBodyLengthLimit: ImportSheet.MaxFileBytes + (64 * 1024));
        return people;
    }

    private static FileContentHttpResult Template() =>
        TypedResults.File(HouseholdImport.Template(), XlsxContentType, "居民导入模板.xlsx");

    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> Import(IFormFile? file, HouseholdImport import, CancellationToken ct)
    {
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
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "文件过大：不超过 5 MB",
                detail: "The file is larger than 5 MB.",
                extensions: new Dictionary<string, object?> { ["code"] = "import_too_large" });
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
}
