using System.Text.Json.Serialization;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Wishes;

/// <summary>Where a wish stands: 待审核 → 已发布（心愿墙） → 已认领 → 已实现 → 已确认; or 未通过.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WishStatus>))]
public enum WishStatus
{
    AwaitingReview = 1,
    Rejected = 2,
    Published = 3,
    Claimed = 4,
    Fulfilled = 5,
    Confirmed = 6,
}

/// <summary>Whose wish it is, as the wall groups them (骑手, 儿童, 老人, 居民).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WisherGroup>))]
public enum WisherGroup
{
    Resident = 1,
    Rider = 2,
    Child = 3,
    Elderly = 4,
}

[JsonConverter(typeof(JsonStringEnumConverter<ClaimerKind>))]
public enum ClaimerKind
{
    Person = 1,
    Team = 2,
}

/// <summary>
/// A small wish (微心愿) of one resident. It is checked by the community before it shows on the
/// wall (with a masked name only), claimed by one person or team, fulfilled with a photo and
/// confirmed by the wisher (or the grid worker who posted it for them); the confirmation pays the
/// claimer once. <see cref="Version"/> is a concurrency token: of two claims at once one wins.
/// </summary>
public sealed class Wish : IAreaScoped
{
    public const int TitleMaxLength = 60;
    public const int StoryMaxLength = 500;
    public const int NoteMaxLength = 500;
    public const int NameMaxLength = 100;
    public const int MaxPhotos = 6;

    private Wish() { }

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Story { get; private set; } = "";
    public WisherGroup Group { get; private set; }
    public Guid WisherPersonId { get; private set; }
    /// <summary>The wisher's name as the wall shows it (王*明); the full name stays in the registry.</summary>
    public string MaskedName { get; private set; } = "";
    /// <summary>The wisher's house path: scope and the community come from it.</summary>
    public string AreaPath { get; private set; } = "";
    public string CommunityPath { get; private set; } = "";
    public string PostedByUserId { get; private set; } = "";
    public string PostedByName { get; private set; } = "";
    /// <summary>Posted by someone else for the wisher (a grid worker, a guardian).</summary>
    public bool OnBehalf { get; private set; }
    public WishStatus Status { get; private set; }
    public string? ReviewedByUserId { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? RejectionReason { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public ClaimerKind? ClaimerKind { get; private set; }
    public string? ClaimerUserId { get; private set; }
    public Guid? ClaimerPersonId { get; private set; }
    public Guid? ClaimerTeamId { get; private set; }
    public string? ClaimerName { get; private set; }
    public DateTime? ClaimedAt { get; private set; }
    public int GiveUps { get; private set; }
    public string? FulfilmentNote { get; private set; }
    /// <summary>Photo ids of the proof, comma-separated (photos of Features/WorkOrders/Photos).</summary>
    public string FulfilmentPhotoIds { get; private set; } = "";
    public DateTime? FulfilledAt { get; private set; }
    public string? ConfirmedByUserId { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }
    public long? AwardedPoints { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<Guid> PhotoIds => [.. FulfilmentPhotoIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];

    public static Wish Post(string title, string? story, WisherGroup group, Guid wisherPersonId, string wisherName, string wisherAreaPath, string communityPath,
        string postedByUserId, string postedByName, bool onBehalf, DateTime now)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > TitleMaxLength)
        {
            throw new InvalidInputException("title_invalid", $"心愿内容不能为空且不超过 {TitleMaxLength} 字", $"A wish needs a title of at most {TitleMaxLength} characters.");
        }

        story = story?.Trim() ?? "";
        if (story.Length > StoryMaxLength)
        {
            throw new InvalidInputException("story_too_long", $"心愿说明不超过 {StoryMaxLength} 字", $"The story is at most {StoryMaxLength} characters.");
        }

        return new Wish
        {
            Id = Guid.CreateVersion7(),
            Title = title,
            Story = story,
            Group = group,
            WisherPersonId = wisherPersonId,
            MaskedName = PersonNames.Mask(wisherName),
            AreaPath = wisherAreaPath,
            CommunityPath = communityPath,
            PostedByUserId = postedByUserId,
            PostedByName = postedByName,
            OnBehalf = onBehalf,
            Status = WishStatus.AwaitingReview,
            CreatedAt = now,
        };
    }

    /// <summary>审核通过: the wish goes on the wall.</summary>
    public void Approve(string reviewerUserId, DateTime now)
    {
        OnlyInState(WishStatus.AwaitingReview, "not_awaiting_review", "该心愿不在待审核状态", "The wish is not awaiting review.");
        Status = WishStatus.Published;
        ReviewedByUserId = reviewerUserId;
        ReviewedAt = now;
        PublishedAt = now;
        Version++;
    }

    public void Reject(string reviewerUserId, string reason, DateTime now)
    {
        OnlyInState(WishStatus.AwaitingReview, "not_awaiting_review", "该心愿不在待审核状态", "The wish is not awaiting review.");
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > NoteMaxLength)
        {
            throw new InvalidInputException("reason_required", "请填写不通过的原因", "Give the reason for rejecting.");
        }

        Status = WishStatus.Rejected;
        RejectionReason = reason;
        ReviewedByUserId = reviewerUserId;
        ReviewedAt = now;
        Version++;
    }

    /// <summary>认领: by one person (or a team a person acts for); the wisher cannot claim their own wish.</summary>
    public void Claim(string userId, Guid? personId, ClaimerKind kind, Guid? teamId, string claimerName, DateTime now)
    {
        if (ClaimRefusal(userId, personId) is { } refusal)
        {
            throw refusal;
        }

        if (kind == Wishes.ClaimerKind.Team && teamId is null)
        {
            throw new InvalidInputException("team_required", "以团队认领时请指定团队", "A team claim names the team.");
        }

        claimerName = (claimerName ?? "").Trim();
        if (claimerName.Length is 0 or > NameMaxLength)
        {
            throw new InvalidInputException("name_invalid", "认领人名称不能为空且不超过 100 字", "The claimer's name is required, at most 100 characters.");
        }

        Status = WishStatus.Claimed;
        ClaimerKind = kind;
        ClaimerUserId = userId;
        ClaimerPersonId = personId;
        ClaimerTeamId = kind == Wishes.ClaimerKind.Team ? teamId : null;
        ClaimerName = claimerName;
        ClaimedAt = now;
        Version++;
    }

    /// <summary>
    /// Why this caller cannot claim the wish, or null when they can: the one rule that <see cref="Claim"/>
    /// enforces and that pages ask before they offer 认领. The wish must be on the wall and unclaimed; the
    /// claimer is a registered resident (in person, or a member acting for their team, which also needs a
    /// resident record); and neither the wisher nor whoever posted the wish for them claims it.
    /// </summary>
    public DomainRuleException? ClaimRefusal(string? userId, Guid? personId)
    {
        if (Status is WishStatus.Claimed or WishStatus.Fulfilled or WishStatus.Confirmed)
        {
            return new DomainRuleException("already_claimed", "该心愿已被认领", "The wish has been claimed already.");
        }

        if (Status != WishStatus.Published)
        {
            return new DomainRuleException("not_published", "该心愿尚未发布到心愿墙", "The wish is not on the wall.");
        }

        if ((personId is not null && personId == WisherPersonId) || (userId is not null && userId == PostedByUserId))
        {
            return new DomainRuleException("own_wish", "不能认领自己的心愿", "You cannot claim your own wish.");
        }

        return personId is null
            ? new DomainRuleException("claimer_not_a_resident", "只有登记在册的居民可以个人名义认领", "Only a registered resident can claim in person.")
            : null;
    }

    /// <summary>放弃认领 before fulfilment: the wish goes back on the wall.</summary>
    public void GiveUp(string userId)
    {
        OnlyInState(WishStatus.Claimed, "not_claimed", "该心愿不在认领中", "The wish is not claimed.");
        OnlyTheClaimer(userId);
        Status = WishStatus.Published;
        ClaimerKind = null;
        ClaimerUserId = null;
        ClaimerPersonId = null;
        ClaimerTeamId = null;
        ClaimerName = null;
        ClaimedAt = null;
        GiveUps++;
        Version++;
    }

    /// <summary>实现心愿, with at least one photo as proof.</summary>
    public void Fulfil(string userId, string note, IReadOnlyList<Guid> photoIds, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        OnlyInState(WishStatus.Claimed, "not_claimed", "该心愿不在认领中", "The wish is not claimed.");
        OnlyTheClaimer(userId);
        note = (note ?? "").Trim();
        if (note.Length is 0 or > NoteMaxLength)
        {
            throw new InvalidInputException("note_required", "请简要说明心愿如何实现", "Say briefly how the wish was fulfilled.");
        }

        if (photoIds.Count == 0)
        {
            throw new InvalidInputException("photo_required", "请上传至少一张实现心愿的照片", "Upload at least one photo as proof.");
        }

        if (photoIds.Count > MaxPhotos)
        {
            throw new InvalidInputException("too_many_photos", $"最多上传 {MaxPhotos} 张照片", $"At most {MaxPhotos} photos.");
        }

        Status = WishStatus.Fulfilled;
        FulfilmentNote = note;
        FulfilmentPhotoIds = string.Join(',', photoIds.Distinct());
        FulfilledAt = now;
        Version++;
    }

    /// <summary>确认: the wisher (or who posted for them) says the wish came true; the caller then pays the claimer.</summary>
    public void Confirm(string userId, DateTime now)
    {
        if (Status == WishStatus.Confirmed)
        {
            throw new DomainRuleException("already_confirmed", "该心愿已确认", "The wish was confirmed already.");
        }

        OnlyInState(WishStatus.Fulfilled, "not_fulfilled", "心愿尚未实现，不能确认", "The wish has not been fulfilled yet.");
        Status = WishStatus.Confirmed;
        ConfirmedByUserId = userId;
        ConfirmedAt = now;
        Version++;
    }

    public void RecordAward(long granted) => AwardedPoints = granted;

    /// <summary>The statuses a wish is on the public wall in.</summary>
    public static readonly WishStatus[] OnTheWall = [WishStatus.Published, WishStatus.Claimed, WishStatus.Fulfilled, WishStatus.Confirmed];

    /// <summary>Its wisher, who posted it, its claimer, the community's staff; and, once on the wall, anyone bound in the community.</summary>
    public bool IsSeenBy(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return IsParty(scope) || (OnTheWall.Contains(Status) && scope.BoundIn(CommunityPath));
    }

    /// <summary>Those who deal with the wish: they see names and proof photos; the rest of the community sees the wall's masked view.</summary>
    public bool IsParty(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return IsWisherSide(scope) || IsClaimer(scope) || scope.IsStaffOf(CommunityPath);
    }

    /// <summary>What the caller may do with the wish now: the pages offer exactly these, and the actions refuse the rest.</summary>
    public WishActions AllowedActions(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new WishActions(
            Review: Status == WishStatus.AwaitingReview && scope.IsStaffOf(CommunityPath),
            Claim: scope.IsAuthenticated && IsSeenBy(scope) && ClaimRefusal(scope.UserId, scope.PersonId) is null,
            GiveUp: Status == WishStatus.Claimed && IsClaimer(scope),
            Fulfil: Status == WishStatus.Claimed && IsClaimer(scope),
            Confirm: Status == WishStatus.Fulfilled && ConfirmsFor(scope));
    }

    /// <summary>The wisher, who posted it for them, or a grid worker of the wisher's grid.</summary>
    public bool ConfirmsFor(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return IsWisherSide(scope) || scope.IsGridStaffOf(AreaPath);
    }

    private bool IsWisherSide(Scope scope) => (scope.PersonId is not null && scope.PersonId == WisherPersonId) || PostedByUserId == scope.UserId;

    private bool IsClaimer(Scope scope) => ClaimerUserId is not null && ClaimerUserId == scope.UserId;

    /// <summary>On the wall too long without a claimer.</summary>
    public static bool UnclaimedTooLong(WishStatus status, DateTime? publishedAt, DateTime now, int days) =>
        status == WishStatus.Published && publishedAt is { } p && p <= now.AddDays(-days);

    /// <summary>Claimed but not fulfilled for too long.</summary>
    public static bool StuckClaimed(WishStatus status, DateTime? claimedAt, DateTime now, int days) =>
        status == WishStatus.Claimed && claimedAt is { } c && c <= now.AddDays(-days);

    private void OnlyInState(WishStatus status, string code, string zh, string en)
    {
        if (Status != status)
        {
            throw new DomainRuleException(code, zh, en);
        }
    }

    private void OnlyTheClaimer(string userId)
    {
        if (ClaimerUserId != userId)
        {
            throw new DomainRuleException("not_the_claimer", "只有认领人可以操作", "Only the claimer can do this.");
        }
    }
}
