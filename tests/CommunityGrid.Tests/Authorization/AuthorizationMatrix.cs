using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace CommunityGrid.Tests.Authorization;

/// <summary>One request of the matrix: an operation as one caller, on an object in or out of their scope.</summary>
public sealed record Probe(ApiOperation Operation, AccessRule Rule, Caller Caller, Side Side, string Url, string? Body, bool Exact, bool Complete)
{
    public override string ToString() => $"{Operation.Method} {Url} as {Caller} ({(Side == Side.In ? "in scope" : "OUT of scope")}){(Body is null ? "" : " " + Body)}";
}

public sealed record Answer(Probe Probe, int Status, string Text);

/// <summary>Builds the probes from the OpenAPI document and the catalogue, sends them, and judges the answers.</summary>
public static class AuthorizationMatrix
{
    /// <summary>Which kind of thing a route parameter names, by the segment before it and its name.</summary>
    private static readonly Dictionary<string, Kind> RouteKinds = new(StringComparer.Ordinal)
    {
        ["areas/id"] = Kind.Area,
        ["by-code/code"] = Kind.AreaCode,
        ["people/id"] = Kind.Person,
        ["households/id"] = Kind.Household,
        ["estates/id"] = Kind.Estate,
        ["categories/code"] = Kind.Category,
        ["routing/districtCode"] = Kind.DistrictCode,
        ["work-orders/id"] = Kind.WorkOrder,
        ["photos/id"] = Kind.Photo,
        ["accounts/id"] = Kind.PointsAccount,
        ["transfers/id"] = Kind.Transfer,
        ["policies/communityCode"] = Kind.CommunityCode,
        ["shop/itemId"] = Kind.ShopItem,
        ["codes/id"] = Kind.Redemption,
        ["offers/id"] = Kind.MerchantOffer,
        ["shop-items/id"] = Kind.ShopItem,
        ["teams/id"] = Kind.Team,
        ["activities/id"] = Kind.Activity,
        ["communities/code"] = Kind.CommunityCode,
        ["communities/communityCode"] = Kind.CommunityCode,
        ["shifts/id"] = Kind.Shift,
        ["sign-ups/id"] = Kind.SignUp,
        ["wishes/id"] = Kind.Wish,
        ["wall/communityCode"] = Kind.CommunityCode,
        ["photos/photoId"] = Kind.Photo,
        ["memberships/id"] = Kind.Membership,
        ["offerings/id"] = Kind.Offering,
        ["bookings/id"] = Kind.Booking,
        ["intervals/communityCode"] = Kind.CommunityCode,
        ["stations/id"] = Kind.Station,
        ["micro-projects/id"] = Kind.MicroProject,
        ["budgets/communityCode"] = Kind.CommunityCode,
        ["councils/communityCode"] = Kind.CommunityCode,
        ["members/personId"] = Kind.Person,
        ["events/id"] = Kind.CommunityEvent,
        ["postings/id"] = Kind.JobPosting,
        ["applications/id"] = Kind.JobApplication,
        ["courses/id"] = Kind.TrainingCourse,
        ["sessions/sessionId"] = Kind.CourseSession,
        ["figures/communityCode"] = Kind.CommunityCode,
        ["inbox/id"] = Kind.Inbox,
        ["webhooks/id"] = Kind.Webhook,
        ["deliveries/deliveryId"] = Kind.Delivery,
        ["queue/id"] = Kind.ManualTriage,
        ["services/serviceCode"] = Kind.ServiceCode,
        ["requests/serviceRequestId"] = Kind.Open311RequestId,
        ["tokens/token"] = Kind.Open311Token,
        ["clients/id"] = Kind.Open311Client,
        ["format"] = Kind.Format,
        ["dashboards/areaCode"] = Kind.AreaCode,
        ["rounds/id"] = Kind.AssessmentRound,
        ["meetings/id"] = Kind.Meeting,
        ["patrols/id"] = Kind.Patrol,
        ["organisations/id"] = Kind.Organisation,
    };

    /// <summary>Query parameters and body fields that point at something scoped, by name.</summary>
    private static readonly Dictionary<string, Kind> FieldKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["houseCode"] = Kind.HouseCode,
        ["areaCode"] = Kind.AreaCode,
        ["communityCode"] = Kind.CommunityCode,
        ["parentId"] = Kind.Area,
        ["newParentId"] = Kind.Area,
        ["areaId"] = Kind.Area,
        ["personId"] = Kind.Person,
        ["forPersonId"] = Kind.Person,
        ["householdId"] = Kind.Household,
        ["organisationId"] = Kind.Organisation,
        ["estateId"] = Kind.Estate,
        ["originalId"] = Kind.WorkOrder,
        ["teamId"] = Kind.Team,
        ["shiftId"] = Kind.Shift,
        ["offeringId"] = Kind.Offering,
        ["stationId"] = Kind.Station,
        ["categoryCode"] = Kind.Category,
    };

    public static Kind RouteKind(string segment, string name) =>
        RouteKinds.TryGetValue($"{segment}/{name}", out var kind) || RouteKinds.TryGetValue(name, out kind)
            ? kind
            : throw new InvalidOperationException($"No catalogue kind for route parameter {{{name}}} after '{segment}': add it to RouteKinds.");

    public static IEnumerable<Probe> ProbesFor(ApiOperation operation, AccessRule rule, Catalogue catalogue)
    {
        foreach (var caller in catalogue.Callers.Prepend(Caller.Anonymous))
        {
            foreach (var side in new[] { Side.In, Side.Out })
            {
                if (side == Side.Out && (caller.IsAnonymous || caller.OutCommunityPath is null))
                {
                    continue;
                }

                if (Build(operation, rule, catalogue, caller, side) is { } probe)
                {
                    yield return probe;
                }
            }
        }
    }

    private static Probe? Build(ApiOperation operation, AccessRule rule, Catalogue catalogue, Caller caller, Side side)
    {
        var scoped = false;
        var complete = true;
        var exact = true;
        var unavailable = false;

        string? Fill(Kind kind)
        {
            var (value, isExact) = catalogue.ValueFor(kind, caller, side);
            if (Catalogue.IsScoped(kind))
            {
                scoped = true;
                exact &= isExact;
            }

            if (value is null)
            {
                complete = false;
                unavailable |= side == Side.Out;
            }

            return value;
        }

        var url = new StringBuilder(operation.Path);
        foreach (var (segment, name) in operation.RouteParameters)
        {
            var value = Fill(RouteKind(segment, name)) ?? Guid.NewGuid().ToString();
            url.Replace("{" + name + "}", Uri.EscapeDataString(value));
        }

        var query = new List<string>();
        foreach (var parameter in operation.Query)
        {
            string? value = FieldKinds.TryGetValue(parameter.Name, out var kind) ? Fill(kind) : null;
            if (value is null && parameter.Required)
            {
                value = parameter.Type switch
                {
                    "integer" or "number" => "1",
                    "boolean" => "false",
                    _ => parameter.Format == "date" ? "2026-12-01" : "x",
                };
            }

            if (value is not null)
            {
                query.Add($"{parameter.Name}={Uri.EscapeDataString(value)}");
            }
        }

        if (query.Count > 0)
        {
            url.Append('?').Append(string.Join('&', query));
        }

        var body = operation.BodySchema is null ? null
            : OpenApiOperations.Serialize(OpenApiOperations.Sample(operation.BodySchema, name => FieldKinds.TryGetValue(name, out var kind) ? Fill(kind) : null));

        // An out-of-scope probe needs something out of scope to point at.
        if (side == Side.Out && (!scoped || unavailable))
        {
            return null;
        }

        return new Probe(operation, rule, caller, side, url.ToString(), body ?? (operation.IsSafe || operation.Multipart ? null : "{}"), exact, complete);
    }

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<Answer>> SendAsync(MatrixApp app, IEnumerable<Probe> probes, int parallel, CancellationToken ct)
    {
        var clients = new ConcurrentDictionary<string, Lazy<Task<HttpClient>>>();
        var answers = new ConcurrentBag<Answer>();
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (probe, token) =>
        {
            var client = await clients.GetOrAdd(probe.Caller.UserName, n => new Lazy<Task<HttpClient>>(() => app.ClientAsync(n))).Value;
            using var request = new HttpRequestMessage(new HttpMethod(probe.Operation.Method), probe.Url);
            if (probe.Operation.Multipart)
            {
                var file = new ByteArrayContent("not really a file"u8.ToArray());
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content = new MultipartFormDataContent { { file, "file", "matrix.bin" } };
            }
            else if (probe.Body is not null)
            {
                request.Content = new StringContent(probe.Body, Encoding.UTF8, "application/json");
            }

            // A hang guard per request: an answer that never comes is reported as status 0, and the matrix goes on.
            using var hang = CancellationTokenSource.CreateLinkedTokenSource(token);
            hang.CancelAfter(HangGuard);
            try
            {
                using var response = await client.SendAsync(request, hang.Token);
                var text = await response.Content.ReadAsStringAsync(hang.Token);
                answers.Add(new Answer(probe, (int)response.StatusCode, text.Length > 300 ? text[..300] : text));
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                answers.Add(new Answer(probe, 0, $"no answer within {HangGuard.TotalSeconds} s"));
            }
        });
        return [.. answers.OrderBy(a => a.Probe.Operation.Key, StringComparer.Ordinal).ThenBy(a => a.Probe.Caller.UserName, StringComparer.Ordinal).ThenBy(a => a.Probe.Side)];
    }

    /// <summary>
    /// Reads with a route parameter that no caller got a 2xx for: the catalogue's values would then
    /// prove nothing (every probe a 404 of an object that does not exist).
    /// </summary>
    public static IEnumerable<string> Vacuous(IEnumerable<Answer> answers) =>
        answers.Where(a => a.Probe.Operation.IsSafe && a.Probe.Operation.RouteParameters.Count > 0 && a.Probe.Rule.VacuousBecause is null)
            .GroupBy(a => a.Probe.Operation.Key)
            .Where(g => !g.Any(a => a.Probe.Side == Side.In && a.Status is >= 200 and < 300))
            .Select(g => $"no caller could read an object of {g.Key}: the catalogue has no real in-scope value for it");

    /// <summary>The hard invariants and the table's expectations; one line per broken expectation.</summary>
    public static IEnumerable<string> Judge(Answer answer)
    {
        var (probe, status) = (answer.Probe, answer.Status);
        var rule = probe.Rule;
        var ok = status is >= 200 and < 300;
        if (status == 0)
        {
            yield return $"no answer: {probe} → {answer.Text}";
        }

        if (rule.Known is { } known && known.Status == status)
        {
            yield break;
        }

        if (status >= 500)
        {
            yield return $"{status} server error: {probe} → {answer.Text}";
        }

        if (probe.Caller.IsAnonymous)
        {
            if (!rule.Public && status != 401)
            {
                yield return $"{status}, not 401, for an anonymous caller on a non-public endpoint: {probe} → {answer.Text}";
            }

            yield break;
        }

        if (status == 401)
        {
            yield return $"401 for a signed-in caller: {probe} → {answer.Text}";
        }

        if (probe.Side == Side.Out && rule.CrossScope is null && !rule.Public)
        {
            if (ok)
            {
                yield return $"{status} on an object OUT of scope: {probe} → {answer.Text}";
            }
            else if (status == 403)
            {
                yield return $"403 (must be 404) on an object OUT of scope: {probe} → {answer.Text}";
            }
        }

        if (probe.Side == Side.In && probe.Operation.IsSafe && status == 403 && !rule.Public)
        {
            yield return $"403 on a read (a caller who may not read gets 404): {probe} → {answer.Text}";
        }

        if (probe.Side == Side.In && ok && !rule.May.Contains(probe.Caller.UserName))
        {
            yield return $"{status} for an account the table does not allow: {probe} → {answer.Text}";
        }

    }
}
