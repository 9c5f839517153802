using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Tests.WorkOrders.Rules;

/// <summary>The one table of event kinds: every kind has its row, codes are unique and stable.</summary>
public sealed class WorkOrderEventKindTests
{
    [Fact]
    public void Every_kind_has_a_row_with_texts_in_both_languages()
    {
        foreach (var kind in Enum.GetValues<WorkOrderEventKind>())
        {
            WorkOrderEventKinds.Table.ShouldContainKey(kind, $"{kind} has no row in WorkOrderEventKinds.Table");
            var row = kind.Row();
            row.Code.ShouldNotBeNullOrWhiteSpace();
            row.LabelZh.ShouldNotBeNullOrWhiteSpace();
            row.LabelEn.ShouldNotBeNullOrWhiteSpace();
            row.Timeline.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Codes_are_unique_and_parse_back_to_their_kind()
    {
        var kinds = Enum.GetValues<WorkOrderEventKind>();
        kinds.Select(k => k.Code()).Distinct(StringComparer.Ordinal).Count().ShouldBe(kinds.Length);
        foreach (var kind in kinds)
        {
            WorkOrderEventKinds.Parse(kind.Code()).ShouldBe(kind);
        }

        WorkOrderEventKinds.Parse("no_such_kind").ShouldBeNull();
    }

    [Fact]
    public void The_stored_codes_are_the_ones_webhook_subscribers_already_filter_on()
    {
        // Codes leave the system (webhook payloads, filters, inbox rows): renaming one breaks subscribers.
        string[] published =
        [
            "registered", "routed", "dispatched", "published", "accepted", "returned", "extension_requested", "extension_approved",
            "extension_refused", "handled", "verified", "answered", "verification_failed", "callback_pending", "rated", "redo", "closed",
            "cancelled", "supervised", "merged", "duplicate_merged", "warning", "overdue", "escalated", "problem_order",
        ];
        WorkOrderEventKinds.Codes.Order(StringComparer.Ordinal).ShouldBe(published.Order(StringComparer.Ordinal));
    }
}
