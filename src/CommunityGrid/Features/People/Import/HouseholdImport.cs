using System.Globalization;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.People.Import;

/// <summary>One wrong cell: the Excel row number, the column header, and what is wrong (Chinese first).</summary>
public sealed record ImportError(int Row, string Column, string Message, string MessageEn);

/// <summary>What an import did: the counts written, or every wrong cell (and then nothing was written).</summary>
public sealed record ImportResult(int Households, int People, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A row as far as it could be read; fields that failed are null and have an error.</summary>
public sealed record ImportRow(
    int Row,
    string? HouseCode,
    string? Address,
    string? HouseholdKey,
    string? Name,
    Gender? Gender,
    DateOnly? BirthDate,
    string? IdNumber,
    string? Phone,
    string? Relation,
    PartyStatus? PartyStatus);

/// <summary>
/// Excel import of households and residents (used by the API and the import page). Every row is
/// checked first — cell rules, households, duplicates in the sheet and in the database, the caller's
/// scope — and only a file without a single error is written, in one transaction.
/// </summary>
public sealed class HouseholdImport(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    /// <summary>The template workbook (.xlsx bytes).</summary>
    public static byte[] Template() => ImportSheet.Template();

    public async Task<ImportResult> ImportAsync(Stream xlsx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        var scope = await current.ScopeAsync(ct);
        if (!scope.EditsPeople())
        {
            throw new NotFoundException("import");
        }

        var sheetRows = ImportSheet.Read(xlsx);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new List<ImportError>();
        var rows = sheetRows.Select(r => CheckRow(r, today, errors)).ToList();
        CheckSheet(rows, errors);
        // The database checks run inside the write transaction, so on SQLite (one writer at a time)
        // two imports of the same people cannot both pass them.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var houses = await CheckAgainstDatabaseAsync(rows, scope, errors, ct);
        if (errors.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            var order = ImportSheet.Columns.Select((c, i) => (c.Header, i)).ToDictionary(x => x.Header, x => x.i, StringComparer.Ordinal);
            return new ImportResult(0, 0, [.. errors.OrderBy(e => e.Row).ThenBy(e => order.GetValueOrDefault(e.Column))]);
        }

        var result = await WriteAsync(rows, houses, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>The rules of one row's cells, on their own.</summary>
    public static ImportRow CheckRow(SheetRow row, DateOnly today, List<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(errors);
        var n = row.Number;
        void Fail(int column, string message, string messageEn) => errors.Add(new ImportError(n, ImportSheet.Columns[column].Header, message, messageEn));

        // A cell holding an error value or lying in merged cells is reported once and read as nothing further:
        // it is never imported as text, nor taken for an empty optional cell.
        var broken = new bool[ImportSheet.Columns.Count];
        for (var c = 0; c < broken.Length; c++)
        {
            if (row.Cells[c].MergedRange is { } range)
            {
                Fail(c, $"合并单元格（{range}）：请取消合并，同一户的每个成员各占一行并分别填写", $"Merged cells ({range}): unmerge them and fill in every row.");
                broken[c] = true;
            }
            else if (row.Cells[c].Error is { } error)
            {
                Fail(c, $"单元格的值是 Excel 错误值 {error}，请改为实际内容（检查公式或粘贴来源）", $"The cell holds the Excel error value {error}; enter the real value.");
                broken[c] = true;
            }
        }

        string Text(int column) => broken[column] ? "" : CellText.Plain(row.Cells[column].Text);
        string Code(int column) => broken[column] ? "" : CellText.Code(row.Cells[column].Text);
        bool Present(int column)
        {
            if (broken[column])
            {
                return false;
            }

            if (Text(column).Length > 0 || row.Cells[column].Date is not null)
            {
                return true;
            }

            Fail(column, "必填", "Required.");
            return false;
        }

        string? houseCode = null;
        if (Present(ImportSheet.HouseCode))
        {
            var code = Code(ImportSheet.HouseCode);
            if (row.Cells[ImportSheet.HouseCode].Number is not null)
            {
                Fail(ImportSheet.HouseCode, "房屋编码被存成了数字，末几位已丢失，请将该列设为文本格式后重新填写", "The house code was stored as a number and lost digits; format the column as text.");
            }
            else if (code.Length == Area.CodeMaxLength && code.All(char.IsAsciiDigit))
            {
                houseCode = code;
            }
            else
            {
                Fail(ImportSheet.HouseCode, "房屋编码应为 24 位数字（请将单元格设为文本格式）", "A house code has 24 digits (format the cell as text).");
            }
        }

        string? address = Text(ImportSheet.Address);
        if (address.Length == 0)
        {
            address = null;
        }
        else if (address.Length > Household.AddressMaxLength)
        {
            Fail(ImportSheet.Address, $"户地址不能超过 {Household.AddressMaxLength} 字", $"The address is at most {Household.AddressMaxLength} characters.");
            address = null;
        }

        string? key = null;
        if (Present(ImportSheet.HouseholdKey))
        {
            key = broken[ImportSheet.HouseholdKey] ? "" : CellText.Folded(row.Cells[ImportSheet.HouseholdKey].Text);
            if (key.Length > ImportSheet.HouseholdKeyMaxLength)
            {
                Fail(ImportSheet.HouseholdKey, $"户号不能超过 {ImportSheet.HouseholdKeyMaxLength} 字", $"The household key is at most {ImportSheet.HouseholdKeyMaxLength} characters.");
                key = null;
            }
        }

        string? name = null;
        if (Present(ImportSheet.Name))
        {
            name = Text(ImportSheet.Name);
            if (name.Length > Person.NameMaxLength)
            {
                Fail(ImportSheet.Name, $"姓名不能超过 {Person.NameMaxLength} 字", $"A name is at most {Person.NameMaxLength} characters.");
                name = null;
            }
        }

        Gender? gender = null;
        if (Present(ImportSheet.Gender))
        {
            gender = Text(ImportSheet.Gender) switch
            {
                "男" => People.Gender.Male,
                "女" => People.Gender.Female,
                _ => null,
            };
            if (gender is null)
            {
                Fail(ImportSheet.Gender, "性别应填“男”或“女”", "Gender is 男 or 女.");
            }
        }

        string? idNumber = null;
        if (Present(ImportSheet.IdNumber))
        {
            var value = Code(ImportSheet.IdNumber).ToUpperInvariant();
            if (row.Cells[ImportSheet.IdNumber].Number is not null)
            {
                Fail(ImportSheet.IdNumber, "身份证号被存成了数字，末几位已丢失，请将该列设为文本格式后重新填写", "The ID number was stored as a number and lost digits; format the column as text.");
            }
            else if (value.Length != Person.IdNumberLength)
            {
                Fail(ImportSheet.IdNumber, "身份证号应为 18 位（请将单元格设为文本格式）", "An ID number has 18 characters (format the cell as text).");
            }
            else if (!IdNumbers.IsValid(value))
            {
                Fail(ImportSheet.IdNumber, "身份证号校验位不正确", "The check digit of the ID number is wrong.");
            }
            else if (IdNumbers.BirthDateOf(value) is null)
            {
                Fail(ImportSheet.IdNumber, "身份证号中的出生日期无效", "The ID number holds no valid birth date.");
            }
            else
            {
                idNumber = value;
            }
        }

        var birthDateError = false;
        var birthDate = broken[ImportSheet.BirthDate] ? null : BirthDateOf(row.Cells[ImportSheet.BirthDate], out birthDateError);
        if (birthDateError)
        {
            Fail(ImportSheet.BirthDate, "出生日期格式应为 yyyy-MM-dd（如 1980-05-01）", "A birth date is written yyyy-MM-dd (e.g. 1980-05-01).");
        }
        else if (birthDate is { } date && (date > today || date.Year < 1900))
        {
            Fail(ImportSheet.BirthDate, "出生日期不合理", "The birth date is not plausible.");
            birthDate = null;
        }
        else if (birthDate is { } given && idNumber is not null && IdNumbers.BirthDateOf(idNumber) != given)
        {
            Fail(ImportSheet.BirthDate, "出生日期与身份证号不一致", "The birth date does not match the ID number.");
            birthDate = null;
        }
        else if (birthDate is null && !birthDateError && !broken[ImportSheet.BirthDate] && idNumber is not null)
        {
            birthDate = IdNumbers.BirthDateOf(idNumber);
        }

        string? phone = broken[ImportSheet.Phone] ? "" : CellText.Phone(row.Cells[ImportSheet.Phone].Text);
        if (phone.Length == 0)
        {
            phone = null;
        }
        else if (!PhoneNumbers.IsMobile(phone))
        {
            Fail(ImportSheet.Phone, "手机号应为 1 开头的 11 位数字", "A mobile number has 11 digits and starts with 1.");
            phone = null;
        }

        string? relation = null;
        if (Present(ImportSheet.Relation))
        {
            relation = Text(ImportSheet.Relation);
            if (!HouseholdRelations.IsKnown(relation))
            {
                Fail(ImportSheet.Relation, "与户主关系应为 户主/配偶/子女/父母/其他 之一", "The relation is one of 户主/配偶/子女/父母/其他.");
                relation = null;
            }
        }

        PartyStatus? party = Text(ImportSheet.PartyStatus) switch
        {
            "" or "无" => People.PartyStatus.None,
            "在册" => People.PartyStatus.OnRoll,
            "在职" => People.PartyStatus.InService,
            _ => null,
        };
        if (party is null)
        {
            Fail(ImportSheet.PartyStatus, "党员身份应为 无/在册/在职 之一", "Party status is 无, 在册 or 在职.");
        }

        if (houseCode == ImportSheet.Example[ImportSheet.HouseCode] && idNumber == ImportSheet.Example[ImportSheet.IdNumber])
        {
            Fail(ImportSheet.HouseCode, "这是模板中的示例行，请删除后再导入", "This is the template's example row; delete it before importing.");
            houseCode = null;
        }

        return new ImportRow(n, houseCode, address, key, name, gender, birthDate, idNumber, phone, relation, party);
    }

    /// <summary>Rules across rows: one house and one head per household, no ID number twice.</summary>
    public static void CheckSheet(IReadOnlyList<ImportRow> rows, List<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(errors);
        var relationColumn = ImportSheet.Columns[ImportSheet.Relation].Header;
        foreach (var household in rows.Where(r => r.HouseholdKey is not null).GroupBy(r => r.HouseholdKey!, StringComparer.Ordinal))
        {
            var first = household.First();
            var house = household.Select(r => r.HouseCode).FirstOrDefault(c => c is not null);
            foreach (var row in household.Where(r => r.HouseCode is not null && r.HouseCode != house))
            {
                errors.Add(new ImportError(row.Row, ImportSheet.Columns[ImportSheet.HouseCode].Header,
                    $"户号 {household.Key} 的成员须填写相同的房屋编码（第 {first.Row} 行为 {house}）",
                    $"Members of household {household.Key} share one house code (row {first.Row} has {house})."));
            }

            var address = household.Select(r => r.Address).FirstOrDefault(a => a is not null);
            foreach (var row in household.Where(r => r.Address is not null && r.Address != address))
            {
                errors.Add(new ImportError(row.Row, ImportSheet.Columns[ImportSheet.Address].Header,
                    $"户号 {household.Key} 的户地址前后不一致", $"Household {household.Key} has different addresses."));
            }

            var heads = household.Where(r => r.Relation == HouseholdRelations.Head).ToList();
            if (heads.Count == 0 && household.All(r => r.Relation is not null))
            {
                errors.Add(new ImportError(first.Row, relationColumn,
                    $"户号 {household.Key} 没有户主，每户须有且只有一名户主", $"Household {household.Key} has no head; a household has exactly one."));
            }

            foreach (var extra in heads.Skip(1))
            {
                errors.Add(new ImportError(extra.Row, relationColumn,
                    $"户号 {household.Key} 已有户主（第 {heads[0].Row} 行），每户只能有一名户主", $"Household {household.Key} already has a head (row {heads[0].Row})."));
            }
        }

        foreach (var same in rows.Where(r => r.IdNumber is not null).GroupBy(r => r.IdNumber!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = same.First();
            foreach (var row in same.Skip(1))
            {
                errors.Add(new ImportError(row.Row, ImportSheet.Columns[ImportSheet.IdNumber].Header,
                    $"身份证号与第 {first.Row} 行重复", $"The ID number repeats row {first.Row}."));
            }
        }
    }

    /// <summary>Houses must exist, be houses and lie where the caller registers residents; ID numbers must be new.</summary>
    private async Task<Dictionary<string, Area>> CheckAgainstDatabaseAsync(List<ImportRow> rows, Scope scope, List<ImportError> errors, CancellationToken ct)
    {
        var houseColumn = ImportSheet.Columns[ImportSheet.HouseCode].Header;
        var codes = rows.Where(r => r.HouseCode is not null).Select(r => r.HouseCode!).Distinct(StringComparer.Ordinal).ToList();
        var houses = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);
        foreach (var row in rows.Where(r => r.HouseCode is not null))
        {
            if (!houses.TryGetValue(row.HouseCode!, out var house) || !scope.KeepsRegistryOf(house.Path) || !scope.MayEditPeopleAt(house.Path))
            {
                // Unknown and out of scope read the same, so the sheet reveals nothing outside the caller's area.
                errors.Add(new ImportError(row.Row, houseColumn, "房屋编码不存在或不在您的管辖范围内", "No such house within your area."));
            }
            else if (house.Level != AreaLevel.House)
            {
                errors.Add(new ImportError(row.Row, houseColumn, "该编码不是户（房屋）的编码", "The code is not a house's code."));
            }
            else if (house.Retired)
            {
                errors.Add(new ImportError(row.Row, houseColumn, "该房屋已撤销", "The house is retired."));
            }
        }

        var ids = rows.Where(r => r.IdNumber is not null).Select(r => r.IdNumber!).Distinct(StringComparer.Ordinal).ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            taken.UnionWith(await db.People.AsNoTracking().Where(p => p.IdNumber != null && chunk.Contains(p.IdNumber)).Select(p => p.IdNumber!).ToListAsync(ct));
        }

        foreach (var row in rows.Where(r => r.IdNumber is not null && taken.Contains(r.IdNumber)))
        {
            errors.Add(new ImportError(row.Row, ImportSheet.Columns[ImportSheet.IdNumber].Header, "该身份证号已在系统中登记", "A resident with this ID number is already registered."));
        }

        return houses;
    }

    private async Task<ImportResult> WriteAsync(List<ImportRow> rows, Dictionary<string, Area> houses, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var groups = rows.GroupBy(r => r.HouseholdKey!, StringComparer.Ordinal).ToList();
        var housesUsed = groups.Select(g => houses[g.First().HouseCode!]).DistinctBy(h => h.Id).ToList();
        var defaultAddresses = await HouseAddresses.BuildAsync(db, housesUsed, ct);

        var people = 0;
        foreach (var group in groups)
        {
            var house = houses[group.First().HouseCode!];
            var address = group.Select(r => r.Address).FirstOrDefault(a => a is not null) ?? defaultAddresses[house.Id];
            var household = Household.At(house, address, now);
            db.Households.Add(household);
            foreach (var row in group)
            {
                var person = Person.Register(row.Name!, row.Gender!.Value, row.BirthDate, row.IdNumber, row.Phone, house, household.Id, now);
                person.SetRelationToHead(row.Relation);
                person.JoinParty(row.PartyStatus!.Value);
                db.People.Add(person);
                people++;
                if (row.Relation == HouseholdRelations.Head)
                {
                    household.SetHead(person.Id);
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return new ImportResult(groups.Count, people, []);
    }

    private static DateOnly? BirthDateOf(SheetCell cell, out bool invalid)
    {
        invalid = false;
        if (cell.Date is { } date)
        {
            return DateOnly.FromDateTime(date);
        }

        if (cell.Number is { } serial)
        {
            // An Excel date in a cell formatted as a number: days since 1899-12-30.
            if (serial is >= 1 and < 2958466 && serial == Math.Floor(serial))
            {
                return DateOnly.FromDateTime(DateTime.FromOADate(serial));
            }

            invalid = true;
            return null;
        }

        var text = CellText.Date(cell.Text);
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        invalid = true;
        return null;
    }
}
