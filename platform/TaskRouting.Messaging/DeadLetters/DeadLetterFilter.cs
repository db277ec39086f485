using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace TaskRouting.Messaging.DeadLetters;

/// <summary>
/// The error pipe of every TaskRouting endpoint: once the retries are spent, the message is stored as a
/// <see cref="DeadLetter"/> in the consuming side's database and acknowledged. This replaces the <c>_error</c> queue
/// so operators see and replay failures the same way on RabbitMQ and in memory. If the database is unreachable too,
/// the filter fails and the broker redelivers the message later: nothing is lost.
/// </summary>
internal sealed class DeadLetterFilter<TContext>(IServiceProvider services) : IFilter<ExceptionReceiveContext>
    where TContext : DbContext
{
    public void Probe(ProbeContext context) => context.CreateFilterScope("taskrouting-dead-letter");

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var body = Encoding.UTF8.GetString(context.Body.GetBytes());
        Guid? messageId = context.GetMessageId();
        string? type = null;
        var message = body;
        try
        {
            using var envelope = JsonDocument.Parse(body);
            if (envelope.RootElement.TryGetProperty("message", out var inner))
            {
                message = inner.GetRawText();
            }

            if (envelope.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array)
            {
                type = types.EnumerateArray().Select(t => MessageTypes.FromUrn(t.GetString())?.FullName).FirstOrDefault(t => t is not null);
            }
        }
        catch (JsonException)
        {
            // Not an envelope: keep the body as it came.
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var error = $"{context.Exception.GetType().Name}: {context.Exception.Message}";
        db.Add(new DeadLetter
        {
            Id = NewId.NextGuid(),
            MessageId = messageId,
            MessageType = type,
            Queue = context.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? context.InputAddress.ToString(),
            Body = message,
            Error = error[..Math.Min(error.Length, 4000)],
            FailedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        });
        await db.SaveChangesAsync(context.CancellationToken);
        await next.Send(context);
    }
}
