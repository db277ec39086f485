using System.ComponentModel.DataAnnotations;

namespace TaskRouting.Messaging;

/// <summary>Which transport carries the messages.</summary>
public enum MessageTransport
{
    /// <summary>In process (the embedded default): one process hosts both sides.</summary>
    InMemory,

    /// <summary>RabbitMQ (production): durable quorum queues, publisher confirms.</summary>
    RabbitMq,
}

/// <summary>Messaging settings (<c>TaskRouting:Messaging</c>).</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "TaskRouting:Messaging";

    /// <summary>The transport.</summary>
    /// <value>Default <see cref="MessageTransport.InMemory"/>.</value>
    public MessageTransport Transport { get; set; } = MessageTransport.InMemory;

    /// <summary>The broker, <c>amqp://user:password@host:5672/vhost</c>; required for RabbitMQ.</summary>
    public string? RabbitMqUri { get; set; }

    /// <summary>
    /// The AMQP heartbeat. A short one notices a restarted broker's dead connection in seconds, so MassTransit opens a
    /// new one; with the client's 60 s default a publish on the dead connection hung for minutes.
    /// </summary>
    /// <value>Default 10 s.</value>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan RabbitMqHeartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a stopping receive endpoint waits for its consumers before it cancels them; the endpoint's stop as a
    /// whole is given this plus 15 s. It also bounds the restart after a lost connection: MassTransit restarts an
    /// endpoint only once its in-flight deliveries end, and after a broker restart some never did, leaving a queue
    /// with no consumer while the bus reported it ready. Cancelled messages are redelivered; the inbox drops repeats.
    /// </summary>
    /// <value>Default 15 s.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConsumerStopTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Outbox rows the relay claims and publishes at once (publisher confirms awaited together).</summary>
    /// <value>Default 500.</value>
    [Range(1, 5000)]
    public int OutboxBatchSize { get; set; } = 500;

    /// <summary>
    /// Batches each node's relay publishes at once, each claimed by its own transaction (<c>SKIP LOCKED</c>), so
    /// claiming and marking one batch overlaps with the broker confirming another. PostgreSQL only: on SQLite the relay
    /// runs one batch at a time. Messages carry no ordering guarantee across batches; consumers must not need one.
    /// </summary>
    /// <value>Default 3.</value>
    [Range(1, 16)]
    public int RelayConcurrency { get; set; } = 3;

    /// <summary>How often the relay looks for rows committed by other nodes; rows committed here wake it at once.</summary>
    /// <value>Default 1 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages RabbitMQ hands a consumer endpoint before it acknowledges any.</summary>
    /// <value>Default 500.</value>
    [Range(1, 10000)]
    public int PrefetchCount { get; set; } = 500;

    /// <summary>Delivery attempts of a failing message (with exponential back-off) before it becomes a dead letter.</summary>
    /// <value>Default 5.</value>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>First retry delay; each later one doubles, up to 30 s.</summary>
    /// <value>Default 200 ms.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the inbox remembers a message id (redeliveries come within minutes; keep a margin).</summary>
    /// <value>Default 14 days.</value>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);
}
