using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Triage;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Open311;

/// <summary>
/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/, every resource in
/// .json and .xml. Reading is public; posting a request needs a client's api_key. Errors leave in
/// the spec's shape, not as problem details, because 311 clients parse that shape.
/// </summary>
internal static class Open311Endpoints
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";
    /// <summary>The one jurisdiction served here: the city's area code.</summary>
    public const string JurisdictionId = "150100";
    public const int MaxResults = 1000;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);
    /// <summary>When the published service list and this API last changed (discovery's changeset).</summary>
    public static readonly DateTime Changeset = new(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/open311/v2").AllowAnonymous().WithTags("Open311").AddEndpointFilter(InSpecShape);
        v2.MapGet("/discovery.{format}", Discovery).WithSummary("Service discovery: where this GeoReport v2 endpoint is and what it speaks.");
        v2.MapGet("/services.{format}", Services).WithSummary("The services (categories) a 311 client may report.");
        v2.MapGet("/services/{serviceCode}.{format}", ServiceDefinition).WithSummary("A service definition with its attributes.");
        v2.MapPost("/requests.{format}", PostRequest).DisableAntiforgery().WithMetadata(new RateLimitedAttribute(RateBucket.Open311))
            .WithSummary("Reports a service request (form-encoded, with api_key); it becomes a work order of the grid.");
        v2.MapGet("/requests.{format}", Requests).WithSummary("Service requests by id list, or by service, status and a window of at most 90 days.");
        v2.MapGet("/requests/{serviceRequestId}.{format}", Request).WithSummary("One service request by its id (the work order number).");
        v2.MapGet("/tokens/{token}.{format}", Token).WithSummary("The service request id a token stands for.");
        app.MapOpen311Clients();
        return app;
    }

    /// <summary>Unknown format → 404; a broken rule leaves as the spec's error list with its status.</summary>
    private static async ValueTask<object?> InSpecShape(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var format = Open311Format.Parse(context.HttpContext.GetRouteValue("format") as string);
        if (format is null)
        {
            return Open311Format.Error(Open311FormatKind.Json, StatusCodes.Status404NotFound, "不支持的格式，请使用 .json 或 .xml", "Unsupported format; use .json or .xml.");
        }

        try
        {
            return await next(context);
        }
        catch (DomainRuleException rule)
        {
            return Open311Format.Error(format.Value, RuleKinds.Status(rule.Kind), rule.Message, rule.MessageEn);
        }
        catch (BadHttpRequestException)
        {
            return Open311Format.Error(format.Value, StatusCodes.Status400BadRequest, "请求格式不正确", "The request could not be read.");
        }
    }

    private static Open311FormatKind Kind(string format) => Open311Format.Parse(format)!.Value;

    private static InvalidInputException BadRequest(string code, string chinese, string english) => new InvalidInputException(code, chinese, english);

    private static DomainRuleException NotFound(string code, string chinese, string english) => new(code, chinese, english, RuleKind.NotFound);

    private static void CheckJurisdiction(string? jurisdictionId)
    {
        if (!string.IsNullOrEmpty(jurisdictionId) && jurisdictionId != JurisdictionId)
        {
            throw NotFound("open311_jurisdiction_unknown", $"jurisdiction_id 不存在（本平台为 {JurisdictionId}）", $"Unknown jurisdiction_id; this server serves {JurisdictionId}.");
        }
    }

    // ---- discovery and services ----------------------------------------------------------------

    private static IResult Discovery(string format, HttpRequest request, IConfiguration configuration)
    {
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/open311/v2/";
        var contact = configuration["Open311:Contact"] ?? "呼和浩特市网格化服务管理中心 (Hohhot grid service centre), 0471-6900000";
        var keyService = configuration["Open311:KeyService"]
            ?? "api_key 由市、区网格化服务管理中心签发，请联系上述地址 (api_keys are issued by the city and district grid centres; ask at the contact above)";
        var changeset = Open311Format.W3c(Changeset);
        return Open311Format.Write(Kind(format), "discovery", new Obj(
            ("changeset", (Val)changeset),
            ("contact", (Val)contact),
            ("key_service", (Val)keyService),
            ("endpoints", new Arr("endpoint", [new Obj(
                ("specification", (Val)Specification),
                ("url", (Val)url),
                ("changeset", (Val)changeset),
                ("type", (Val)"production"),
                ("formats", new Arr("format", [(Val)"text/xml", (Val)"application/json"])))]))));
    }

    private static async Task<IResult> Services(string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, ReplicaReads reads, CancellationToken ct)
    {
        CheckJurisdiction(jurisdictionId);
        var db = await reads.DbAsync(ct);
        var all = await db.WorkOrderCategories.AsNoTracking().Where(c => c.Active).ToListAsync(ct);
        var parents = all.Where(c => c.ParentId is null).ToDictionary(c => c.Id);
        var withAttributes = (await db.Open311Attributes.AsNoTracking().Select(a => a.CategoryId).Distinct().ToListAsync(ct)).ToHashSet();
        var services = all
            .Where(c => c.Open311Code is not null && !all.Any(child => child.ParentId == c.Id))
            .OrderBy(c => c.ParentId is { } p && parents.TryGetValue(p, out var parent) ? parent.SortOrder : 0).ThenBy(c => c.SortOrder)
            .Select(c =>
            {
                var group = c.ParentId is { } p && parents.TryGetValue(p, out var parent) ? parent : null;
                return (Node)new Obj(
                    ("service_code", (Val)c.Open311Code),
                    ("service_name", (Val)c.Name),
                    ("description", (Val)$"{c.Name} ({c.NameEn})：{c.AcceptLimit}内受理，{c.ResolveLimit}内办结"),
                    ("metadata", Val.Of(withAttributes.Contains(c.Id))),
                    ("type", (Val)"realtime"),
                    ("keywords", (Val)string.Join(',', new[] { c.Name, c.NameEn, group?.Name, group?.NameEn }.Where(k => !string.IsNullOrEmpty(k)))),
                    ("group", (Val)group?.Name));
            })
            .ToList();
        return Open311Format.Write(Kind(format), "services", new Arr("service", services));
    }

    private static async Task<WorkOrderCategory> ServiceAsync(AppDbContext db, string? serviceCode, CancellationToken ct) =>
        await db.WorkOrderCategories.AsNoTracking().SingleOrDefaultAsync(c => c.Open311Code == serviceCode && c.Active, ct)
            ?? throw NotFound("open311_service_unknown", $"service_code {serviceCode} 不存在", $"Unknown service_code {serviceCode}.");

    private static async Task<List<Open311Attribute>> AttributesAsync(AppDbContext db, WorkOrderCategory category, CancellationToken ct) =>
        await db.Open311Attributes.AsNoTracking().Where(a => a.CategoryId == category.Id).OrderBy(a => a.Order).ToListAsync(ct);

    private static async Task<IResult> ServiceDefinition(string serviceCode, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId,
        ReplicaReads reads, CancellationToken ct)
    {
        CheckJurisdiction(jurisdictionId);
        var db = await reads.DbAsync(ct);
        var category = await ServiceAsync(db, serviceCode, ct);
        var attributes = await AttributesAsync(db, category, ct);
        return Open311Format.Write(Kind(format), "service_definition", new Obj(
            ("service_code", (Val)category.Open311Code),
            ("attributes", new Arr("attribute", [.. attributes.Select(a => (Node)new Obj(
                ("variable", Val.Of(a.Variable)),
                ("code", (Val)a.Code),
                ("datatype", (Val)Open311Attribute.WireName(a.Datatype)),
                ("required", Val.Of(a.Required)),
                ("datatype_description", (Val)a.DatatypeDescription),
                ("order", Val.Of(a.Order)),
                ("description", (Val)a.Description),
                ("values", new Arr("value", [.. a.Values.Select(v => (Node)new Obj(("key", (Val)v.Key), ("name", (Val)v.Name)))]))))]))));
    }

    // ---- posting a request -----------------------------------------------------------------------

    private static async Task<IResult> PostRequest(string format, HttpContext http, AppDbContext db, ReportOrder report, TimeProvider clock, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            throw BadRequest("open311_form_required", "请以 application/x-www-form-urlencoded 表单提交", "Send the request form-encoded (application/x-www-form-urlencoded).");
        }

        var form = await http.Request.ReadFormAsync(ct);
        string? Field(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

        var client = await ClientAsync(db, Field("api_key"), ct);
        if (!http.RequestServices.GetRequiredService<CallerThrottle>().TryAcquire(RateBucket.Open311, client.Id.ToString(), out var retryAfter))
        {
            RateLimits.SetRetryAfter(http.Response, retryAfter);
            throw new DomainRuleException(RateLimits.Code, "请求过于频繁，请稍后再试", "Too many requests from this client; try again later.", RuleKind.TooManyRequests);
        }

        CheckJurisdiction(Field("jurisdiction_id"));
        // Without a service_code the description is triaged (智能派单): a confident guess becomes the service, an
        // unsure one waits in the community's manual triage queue and the client gets a token, not a request id.
        var serviceCode = Field("service_code");
        if (serviceCode is null && Field("description") is null)
        {
            throw BadRequest("open311_service_code_required", "缺少 service_code（或可自动分类的 description）", "service_code is required (or a description to triage).");
        }

        var triage = http.RequestServices.GetRequiredService<TriageComplaint>();
        var triaged = serviceCode is null ? await triage.SuggestAsync(TriageComplaint.TextOf(Field("description")), ct) : null;
        var unsure = triaged is not null && TriageComplaint.NeedsManualTriage(triaged, triage.ManualBelow);
        var category = serviceCode is not null ? await ServiceAsync(db, serviceCode, ct)
            : unsure ? null
            : await db.WorkOrderCategories.AsNoTracking().SingleAsync(c => c.Code == triaged![0].CategoryCode, ct);
        var (lat, lng) = (Coordinate(Field("lat"), "lat"), Coordinate(Field("long"), "long"));
        var addressId = Field("address_id");
        var addressString = Limit(Field("address_string"), WorkOrder.AddressMaxLength, "address_string");
        if (lat is null != lng is null)
        {
            throw BadRequest("open311_location_incomplete", "lat 与 long 须同时提供", "lat and long go together.");
        }

        if (lat is null && addressId is null)
        {
            throw BadRequest("open311_location_required",
                addressString is null ? "请提供位置：lat/long 或 address_id（房屋编码）" : "仅凭 address_string 无法定位，请同时提供 lat/long 或 address_id（房屋编码）",
                addressString is null ? "A location is required: lat/long or address_id (a house code)." : "address_string alone cannot be located; send lat/long or address_id (a house code) too.");
        }

        var answers = category is null ? new Answers([], null) : await AnswersAsync(db, category, form, ct);
        var email = Limit(Field("email"), Open311Submission.EmailMaxLength, "email");
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            throw BadRequest("open311_email_invalid", "email 格式不正确", "email is not an e-mail address.");
        }

        var mediaUrl = Limit(Field("media_url"), Open311Submission.MediaUrlMaxLength, "media_url");
        if (mediaUrl is not null && !(Uri.TryCreate(mediaUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw BadRequest("open311_media_url_invalid", "media_url 须为 http(s) 地址", "media_url must be an http(s) URL.");
        }

        var requesterName = Limit(PersonName(Field("first_name"), Field("last_name")), WorkOrder.RequesterNameMaxLength, "first_name/last_name");
        var phone = Limit(Field("phone"), WorkOrder.RequesterPhoneMaxLength, "phone");
        var deviceId = Limit(Field("device_id"), Open311Submission.IdMaxLength, "device_id");
        var accountId = Limit(Field("account_id"), Open311Submission.IdMaxLength, "account_id");
        var text = Field("description");
        var description = answers.Readable.Count == 0 ? text : $"{text}\n\n【Open311 补充信息】{string.Join("；", answers.Readable)}".Trim();
        var actor = new Actor($"open311:{client.Name}", $"Open311 · {client.Name}", null, null, []);
        if (category is null)
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, actor.UserId)], "Open311ApiKey"));
            var queued = await http.RequestServices.GetRequiredService<TriageQueue>().QueueAsync(text!, WorkOrderOrigin.Open311, lat, lng, addressId, addressString,
                client.Name, requesterName, phone, actor, Scope.Anonymous, houseAnywhere: true, ct);
            return Open311Format.Write(Kind(format), "service_requests", new Arr("request", [new Obj(
                ("token", (Val)queued.Id.ToString("N")),
                ("service_notice", (Val)"已受理。系统未能确定诉求类别，将由社区工作人员人工分派后生成工单。"),
                ("account_id", (Val)accountId))]));
        }

        var firstLine = text?.Split('\n')[0].Trim();
        var title = firstLine is { Length: > 0 }
            ? $"{category.Name}：{(firstLine.Length > 40 ? firstLine[..40] + "…" : firstLine)}"
            : $"{category.Name}（{addressString ?? "Open311"}）";

        // The client is the reporter: a system-like actor, so the order and its timeline say who brought it in.
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, actor.UserId)], "Open311ApiKey"));
        Open311Submission? submission = null;
        var created = await report.RunAsync(
            new CreateWorkOrder(category.Code, title.Length > WorkOrder.TitleMaxLength ? title[..WorkOrder.TitleMaxLength] : title, description, lat, lng, addressId, addressString,
                HotlineTicket: client.Name, requesterName, phone, PhotoIds: null),
            WorkOrderOrigin.Open311,
            actor,
            order =>
            {
                submission = Open311Submission.Of(order, client, email, deviceId, accountId, mediaUrl, answers.Json, clock.GetUtcNow().UtcDateTime);
                db.Open311Submissions.Add(submission);
            },
            ct);

        var agency = created.Order.PropertyOrganisationId is { } manager
            ? await db.Organisations.AsNoTracking().Where(o => o.Id == manager).Select(o => o.Name).SingleAsync(ct)
            : created.Order.GridName;
        return Open311Format.Write(Kind(format), "service_requests", new Arr("request", [new Obj(
            ("service_request_id", (Val)created.Order.Number),
            ("token", (Val)submission!.Token),
            ("service_notice", (Val)$"已受理，工单号 {created.Order.Number}。{Open311Requests.ServiceNotice(category, agency)}"),
            ("account_id", (Val)accountId))]));
    }

    private static async Task<Open311Client> ClientAsync(AppDbContext db, string? apiKey, CancellationToken ct)
    {
        if (apiKey is null)
        {
            throw new DomainRuleException("open311_api_key_missing", "缺少 api_key", "api_key is required.", RuleKind.Forbidden);
        }

        var hash = Open311Client.HashOf(apiKey);
        return await db.Open311Clients.AsNoTracking().SingleOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, ct)
            ?? throw new DomainRuleException("open311_api_key_invalid", "api_key 无效或已被吊销", "The api_key is invalid or revoked.", RuleKind.Forbidden);
    }

    private static double? Coordinate(string? value, string name) => value is null
        ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw BadRequest("open311_coordinate_invalid", $"{name} 不是有效的数字", $"{name} is not a number.");

    private static string? Limit(string? value, int max, string name) => value is null || value.Length <= max
        ? value
        : throw BadRequest("open311_field_too_long", $"{name} 不超过 {max} 字", $"{name} is at most {max} characters.");

    /// <summary>Chinese names are surname first (last_name + first_name); others read "first last".</summary>
    private static string? PersonName(string? first, string? last)
    {
        if (first is null || last is null)
        {
            return first ?? last;
        }

        return first.Any(IsCjk) || last.Any(IsCjk) ? last + first : $"{first} {last}";
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';

    private sealed record Answers(IReadOnlyList<string> Readable, string? Json);

    /// <summary>attribute[code]=value (attribute[code][]=value for multivaluelist), checked against the service definition.</summary>
    private static async Task<Answers> AnswersAsync(AppDbContext db, WorkOrderCategory category, IFormCollection form, CancellationToken ct)
    {
        var given = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (!key.StartsWith("attribute[", StringComparison.Ordinal))
            {
                continue;
            }

            var code = key["attribute[".Length..].Replace("[]", "", StringComparison.Ordinal).TrimEnd(']');
            if (!given.TryGetValue(code, out var list))
            {
                given[code] = list = [];
            }

            list.AddRange(values.OfType<string>());
        }

        var attributes = await AttributesAsync(db, category, ct);
        var unknown = given.Keys.FirstOrDefault(code => !attributes.Any(a => a.Code == code && a.Variable));
        if (unknown is not null)
        {
            throw BadRequest("open311_attribute_unknown", $"服务 {category.Open311Code} 没有属性 {unknown}", $"Service {category.Open311Code} has no attribute {unknown}.");
        }

        var readable = new List<string>();
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes.Where(a => a.Variable))
        {
            if (attribute.Check(given.GetValueOrDefault(attribute.Code) ?? []) is { } answer)
            {
                kept[attribute.Code] = answer;
                readable.Add($"{attribute.Description.Split(" (")[0]}：{attribute.Readable(answer)}");
            }
        }

        return new Answers(readable, kept.Count == 0 ? null : JsonSerializer.Serialize(kept));
    }

    // ---- reading requests ------------------------------------------------------------------------

    private static async Task<IResult> Requests(string format, ReplicaReads reads, TimeProvider clock,
        [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId,
        [FromQuery(Name = "service_request_id")] string? serviceRequestIds,
        [FromQuery(Name = "service_code")] string? serviceCodes,
        [FromQuery(Name = "start_date")] string? startDate,
        [FromQuery(Name = "end_date")] string? endDate,
        [FromQuery(Name = "status")] string? status,
        CancellationToken ct)
    {
        CheckJurisdiction(jurisdictionId);
        var db = await reads.DbAsync(ct);
        IQueryable<WorkOrder> query = db.WorkOrders;
        if (List(serviceRequestIds) is { Count: > 0 } numbers)
        {
            // The spec: a list of ids overrides every other argument.
            query = query.Where(o => numbers.Contains(o.Number));
        }
        else
        {
            var (from, to) = Window(W3c(startDate, "start_date"), W3c(endDate, "end_date"), clock.GetUtcNow().UtcDateTime);
            query = query.Where(o => o.CreatedAt >= from && o.CreatedAt <= to);
            if (List(serviceCodes) is { Count: > 0 } codes)
            {
                var ids = await db.WorkOrderCategories.AsNoTracking().Where(c => c.Open311Code != null && codes.Contains(c.Open311Code)).Select(c => c.Id).ToListAsync(ct);
                if (ids.Count == 0)
                {
                    throw NotFound("open311_service_unknown", $"service_code {serviceCodes} 不存在", $"Unknown service_code {serviceCodes}.");
                }

                query = query.Where(o => ids.Contains(o.CategoryId));
            }

            if (List(status) is { Count: > 0 } statuses)
            {
                if (statuses.Any(s => s is not ("open" or "closed")))
                {
                    throw BadRequest("open311_status_invalid", "status 只能是 open 或 closed", "status is open or closed.");
                }

                var closed = Open311Requests.ClosedStatuses;
                if (!statuses.Contains("open"))
                {
                    query = query.Where(o => closed.Contains(o.Status));
                }
                else if (!statuses.Contains("closed"))
                {
                    query = query.Where(o => !closed.Contains(o.Status));
                }
            }
        }

        var requests = await Open311Requests.LoadAsync(db, query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(MaxResults), ct);
        return Open311Format.Write(Kind(format), "service_requests", new Arr("request", requests));
    }

    private static async Task<IResult> Request(string serviceRequestId, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId,
        ReplicaReads reads, CancellationToken ct)
    {
        CheckJurisdiction(jurisdictionId);
        var db = await reads.DbAsync(ct);
        var requests = await Open311Requests.LoadAsync(db, db.WorkOrders.Where(o => o.Number == serviceRequestId), ct);
        if (requests.Count == 0)
        {
            throw NotFound("open311_request_unknown", $"service_request_id {serviceRequestId} 不存在", $"Unknown service_request_id {serviceRequestId}.");
        }

        return Open311Format.Write(Kind(format), "service_requests", new Arr("request", requests));
    }

    private static async Task<IResult> Token(string token, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, AppDbContext db, CancellationToken ct)
    {
        CheckJurisdiction(jurisdictionId);
        var number = await db.Open311Submissions.AsNoTracking().Where(s => s.Token == token)
            .Join(db.WorkOrders, s => s.WorkOrderId, o => o.Id, (s, o) => o.Number).SingleOrDefaultAsync(ct)
            ?? throw NotFound("open311_token_unknown", "token 不存在", "Unknown token.");
        return Open311Format.Write(Kind(format), "service_requests", new Arr("request", [new Obj(("service_request_id", (Val)number), ("token", (Val)token))]));
    }

    private static List<string> List(string? commaSeparated) =>
        commaSeparated is null ? [] : [.. commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Take(MaxResults)];

    /// <summary>A W3C datetime; one without an offset is read as Beijing time.</summary>
    private static DateTime? W3c(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d))
        {
            throw BadRequest("open311_date_invalid", $"{name} 须为 W3C 日期时间，如 2026-12-01T00:00:00+08:00", $"{name} must be a W3C datetime, e.g. 2026-12-01T00:00:00+08:00.");
        }

        return BeijingTime.ToUtc(d);
    }

    /// <summary>The requested_datetime window: the last 90 days by default, never wider than 90 days.</summary>
    internal static (DateTime From, DateTime To) Window(DateTime? start, DateTime? end, DateTime now)
    {
        var (from, to) = (start, end) switch
        {
            (null, null) => (now - MaxWindow, now),
            ({ } s, null) => (s, s + MaxWindow),
            (null, { } e) => (e - MaxWindow, e),
            ({ } s, { } e) => (s, e),
        };
        if (to < from)
        {
            throw BadRequest("open311_window_invalid", "end_date 早于 start_date", "end_date is before start_date.");
        }

        if (to - from > MaxWindow)
        {
            throw BadRequest("open311_window_too_wide", "start_date 与 end_date 相隔不能超过 90 天", "start_date and end_date may not span more than 90 days.");
        }

        return (from, to);
    }
}
