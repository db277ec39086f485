using MassTransit;
using Microsoft.Extensions.Logging;
using TaskRouting.Messaging.Topology;

namespace TaskRouting.Messaging.Outbox;

/// <summary>
/// Where a relay publishes. In memory: the application's bus. On RabbitMQ: a publish-only bus of the relay's own, on
/// its own connection, replaced by a fresh one whenever a batch fails on it.
/// </summary>
/// <remarks>
/// After a broker restart the RabbitMQ .NET client can leave a publish with confirms waiting for ever on the recovered
/// connection (rabbitmq-dotnet-client#1930, still open for 7.2.2); the application's bus would keep that connection.
/// A new connection does not inherit the stuck state, so the relay drops the bus it failed on and opens another.
/// The consumers keep their own connection, untouched by this.
/// </remarks>
internal sealed partial class RelayTransport(IBus applicationBus, MessagingOptions options, string name, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Task> _stopping = [];
    private IBusControl? _own;
    private int _generation;

    /// <summary>The endpoint to publish a batch on; on RabbitMQ, starts a new connection when there is none.</summary>
    public async Task<IPublishEndpoint> AcquireAsync(CancellationToken cancellationToken)
    {
        if (options.Transport != MessageTransport.RabbitMq)
        {
            return applicationBus;
        }

        if (Volatile.Read(ref _own) is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_own is not null)
            {
                return _own;
            }

            var generation = ++_generation;
            var bus = Bus.Factory.CreateUsingRabbitMq(cfg => RabbitMqHost.Configure(cfg, options, $"{name} relay {Environment.MachineName}:{Environment.ProcessId} #{generation}"));
            try
            {
                await bus.StartAsync(cancellationToken);
            }
            catch
            {
                Stop(bus);
                throw;
            }

            LogConnected(logger, name, generation);
            Volatile.Write(ref _own, bus);
            return bus;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A batch failed on <paramref name="endpoint"/>: the next batch gets a new connection.</summary>
    public void Discard(IPublishEndpoint endpoint)
    {
        if (endpoint is IBusControl bus && Interlocked.CompareExchange(ref _own, null, bus) == bus)
        {
            LogDiscarded(logger, name, _generation);
            Stop(bus);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _own, null) is { } bus)
        {
            Stop(bus);
        }

        Task[] stopping;
        lock (_stopping)
        {
            stopping = [.. _stopping];
        }

        await Task.WhenAll(stopping);
        _gate.Dispose();
    }

    // In the background and bounded: stopping a bus whose connection is stuck may itself wait for ever.
    private void Stop(IBusControl bus)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(StopTimeout);
                await bus.StopAsync(timeout.Token).WaitAsync(timeout.Token);
            }
            catch (Exception ex)
            {
                LogStopFailed(logger, name, ex);
            }
        });
        lock (_stopping)
        {
            _stopping.RemoveAll(t => t.IsCompleted);
            _stopping.Add(task);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay for {Context} opened its publishing connection #{Generation}")]
    private static partial void LogConnected(ILogger logger, string context, int generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay for {Context} dropped publishing connection #{Generation} after a failed batch; the next batch opens a new one")]
    private static partial void LogDiscarded(ILogger logger, string context, int generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay for {Context} could not stop a dropped publishing connection in time; it is abandoned")]
    private static partial void LogStopFailed(ILogger logger, string context, Exception error);
}
