using System.Text.Json.Serialization;

namespace TaskRouting.Contracts.Voting;

/// <summary>A street's or community's vote on an application.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VoteChoice>))]
public enum VoteChoice
{
    /// <summary>赞成.</summary>
    Approve,

    /// <summary>反对.</summary>
    Reject,

    /// <summary>弃权.</summary>
    Abstain,
}
