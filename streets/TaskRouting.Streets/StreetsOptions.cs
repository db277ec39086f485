using System.ComponentModel.DataAnnotations;

namespace TaskRouting.Streets;

/// <summary>The street gateway's settings (section <c>TaskRouting:Streets</c>).</summary>
public sealed class StreetsOptions
{
    public const string Section = "TaskRouting:Streets";

    /// <summary>In the server: run the gateway in the same process (the embedded default). A street running its own gateway sets it false on the server.</summary>
    public bool InProcess { get; set; } = true;

    /// <summary>
    /// The streets this gateway serves, as <c>district.street</c> routing keys (e.g. <c>DX.DX01</c>); <c>#</c> serves
    /// every street. On RabbitMQ the gateway's queue binds exactly these keys.
    /// </summary>
    [MinLength(1)]
    public List<string> Serve { get; set; } = ["#"];

    /// <summary>The gateway's queue; by default <c>street-gateway</c>, or <c>street-gateway-{street}</c> for a gateway serving one street.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9._-]{0,99}$")]
    public string? QueueName { get; set; }

    /// <summary>Dispatches stored per transaction (MassTransit batch size); the queue's prefetch is at least this.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Batches stored at once (each in its own transaction); the queue's prefetch covers them all.</summary>
    /// <value>Default 3.</value>
    [Range(1, 16)]
    public int BatchConcurrency { get; set; } = 3;

    /// <summary>How long a partly filled batch waits for more messages.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Acknowledge receipt on the community's behalf as soon as a dispatch is stored in its inbox (for streets whose
    /// communities confirm receipt through the subsystem itself); completion and refusal stay with the community.
    /// </summary>
    public bool AcknowledgeOnReceipt { get; set; }

    /// <summary>
    /// The central server's address (e.g. <c>https://taskrouting.example.gov.cn</c>), asked for the public plan list
    /// when a dispatch names an admission number this gateway has not heard of. Required for a standalone gateway.
    /// </summary>
    public Uri? CentralUrl { get; set; }

    /// <summary>Time allowed for one plan-list question to the central server (retried with back-off).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CentralTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The queue this gateway reads.</summary>
    public string ResolvedQueueName => QueueName
        ?? (Serve is [var one] && one != "#" ? $"street-gateway-{one.ToLowerInvariant()}" : "street-gateway");
}
