using MassTransit;

namespace TaskRouting.Activities;

/// <summary>
/// How the central side consumes answers that arrive in bursts (votes, dispatch answers): in batches of up to
/// <see cref="MessageLimit"/> messages, one batch at a time per endpoint, so many answers for one application commit
/// in one transaction instead of contending for its row.
/// </summary>
internal static class CentralBatches
{
    public const int MessageLimit = 500;

    public static void Configure<TConsumer>(IConsumerConfigurator<TConsumer> consumer)
        where TConsumer : class =>
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(MessageLimit).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(1));
}
