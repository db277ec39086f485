using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Server.Hosting;

/// <summary>
/// Limits login attempts per user name and client address (TaskRouting:Security:LoginAttemptsPerWindow per
/// LoginWindow). Keyed on both, so guessing one account's password is slowed down while colleagues behind the
/// same office proxy can still sign in.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginThrottle(IOptions<SecurityOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.LoginAttemptsPerWindow,
            Window = settings.LoginWindow,
            QueueLimit = 0,
        }));
    }

    public RateLimitLease TryAttempt(string? userName, IPAddress? address) =>
        _limiter.AttemptAcquire($"{userName?.Trim().ToLowerInvariant()}|{address}");

    public void Dispose() => _limiter.Dispose();
}
