using System.Text.Json.Serialization;

namespace TaskRouting.Contracts.Dispatch;

/// <summary>Why a community refused a dispatched task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RefusalReason>))]
public enum RefusalReason
{
    /// <summary>The admission number is not on the district's plan list (the gateway refuses automatically).</summary>
    NotOnPlanList,

    /// <summary>The community refused, giving its reason in <see cref="TaskRefused.Comment"/>.</summary>
    Other,
}
