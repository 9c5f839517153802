using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Programmes;

/// <summary>
/// 居民议事会: the named residents of one community who vote on its micro-projects, and the community's rules
/// for those votes. Quorum: at least <see cref="QuorumPercent"/> of the members cast a vote; majority: more than
/// <see cref="MajorityPercent"/> of the votes cast are for (an abstention is a vote cast that is not for).
/// </summary>
public sealed class ResidentsCouncil : IAreaScoped
{
    public const int DefaultQuorumPercent = 50;
    public const int DefaultMajorityPercent = 50;
    public const int DefaultVoteDays = 7;
    public const int DefaultPublicityDays = 5;
    public const int MaxDays = 60;

    private ResidentsCouncil() { }

    public Guid Id { get; private set; }
    /// <summary>The community's path.</summary>
    public string AreaPath { get; private set; } = "";
    public int QuorumPercent { get; private set; }
    public int MajorityPercent { get; private set; }
    /// <summary>How long a vote stays open once a project is screened in.</summary>
    public int VoteDays { get; private set; }
    /// <summary>公示期: how long an approved project is published for objections.</summary>
    public int PublicityDays { get; private set; }

    public CouncilRules Rules => new(QuorumPercent, MajorityPercent);

    public static ResidentsCouncil For(string communityPath) => new()
    {
        Id = Guid.CreateVersion7(),
        AreaPath = communityPath,
        QuorumPercent = DefaultQuorumPercent,
        MajorityPercent = DefaultMajorityPercent,
        VoteDays = DefaultVoteDays,
        PublicityDays = DefaultPublicityDays,
    };

    public void Configure(int quorumPercent, int majorityPercent, int voteDays, int publicityDays)
    {
        _ = new CouncilRules(quorumPercent, majorityPercent).Checked();
        if (voteDays is < 1 or > MaxDays || publicityDays is < 1 or > MaxDays)
        {
            throw new InvalidInputException("days_out_of_range", $"表决期和公示期应为 1–{MaxDays} 天", $"Voting and publicity periods are 1–{MaxDays} days.");
        }

        QuorumPercent = quorumPercent;
        MajorityPercent = majorityPercent;
        VoteDays = voteDays;
        PublicityDays = publicityDays;
    }
}

/// <summary>One named member of a residents' council: a registered resident of the community.</summary>
public sealed class CouncilMember : IAreaScoped
{
    private CouncilMember() { }

    public Guid Id { get; private set; }
    public Guid CouncilId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public string Name { get; private set; } = "";
    public DateTime JoinedAt { get; private set; }

    public static CouncilMember Of(ResidentsCouncil council, Guid personId, string name, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(council);
        return new CouncilMember { Id = Guid.CreateVersion7(), CouncilId = council.Id, AreaPath = council.AreaPath, PersonId = personId, Name = name, JoinedAt = now };
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<VoteChoice>))]
public enum VoteChoice
{
    For = 1,
    Against = 2,
    Abstain = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter<CouncilDecision>))]
public enum CouncilDecision
{
    Approved = 1,
    Rejected = 2,
    /// <summary>Too few members voted: the project is not approved.</summary>
    NoQuorum = 3,
}

public sealed record Tally(int Members, int For, int Against, int Abstain)
{
    public int Cast => For + Against + Abstain;
}

/// <summary>A council's quorum and majority, in whole percent.</summary>
public sealed record CouncilRules(int QuorumPercent, int MajorityPercent)
{
    public CouncilRules Checked()
    {
        if (QuorumPercent is < 1 or > 100)
        {
            throw new InvalidInputException("quorum_out_of_range", "法定人数比例应为 1–100%", "The quorum is 1–100 percent.");
        }

        if (MajorityPercent is < 50 or > 99)
        {
            throw new InvalidInputException("majority_out_of_range", "通过比例应为 50–99%（超过该比例赞成即通过）", "The majority is 50–99 percent (more than it must vote for).");
        }

        return this;
    }

    /// <summary>
    /// Quorum: votes cast ≥ quorum% of the members. Then approved when the votes for are strictly more than
    /// majority% of the votes cast — so at 50% a tie is not approved.
    /// </summary>
    public CouncilDecision Decide(Tally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (tally.Members == 0 || tally.Cast == 0 || (long)tally.Cast * 100 < (long)QuorumPercent * tally.Members)
        {
            return CouncilDecision.NoQuorum;
        }

        return (long)tally.For * 100 > (long)MajorityPercent * tally.Cast ? CouncilDecision.Approved : CouncilDecision.Rejected;
    }
}
