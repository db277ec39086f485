using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using TaskRouting.Contracts;
using TaskRouting.Contracts.PlanList;

namespace TaskRouting.Streets.PlanList;

/// <summary>
/// A standalone gateway asks the central server's public plan list (<c>GET /api/public/{district}/plan-list</c>),
/// with retries and a timeout per try (Polly): the central side may be restarting. A number the central side does
/// not list is not on the plan list; a central side that stays unreachable fails the batch, which MassTransit
/// retries and, after its retries, stores as a dead letter, rather than refusing work that may be admitted.
/// </summary>
internal sealed class HttpPlanListSource(HttpClient http, IOptions<StreetsOptions> options) : IPlanListSource
{
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
            MaxRetryAttempts = 4,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(250),
            UseJitter = true,
        })
        .AddTimeout(options.Value.CentralTimeout)
        .Build();

    public async Task<PlanListAnswer?> FindAsync(string district, string admissionNumber, CancellationToken cancellationToken)
    {
        // Something that does not read as an admission number cannot be on a plan list.
        if (!AdmissionNumber.TryParse(admissionNumber, out var parsed) || parsed.District != district)
        {
            return null;
        }

        var central = options.Value.CentralUrl ?? throw new InvalidOperationException("TaskRouting:Streets:CentralUrl is not set");
        var uri = new Uri(central, $"api/public/{Uri.EscapeDataString(district)}/plan-list?year={parsed.Year}");
        return await _pipeline.ExecuteAsync(async ct =>
        {
            using var response = await http.GetAsync(uri, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new HttpRequestException($"central plan list answered {(int)response.StatusCode}", null, response.StatusCode);
            }

            response.EnsureSuccessStatusCode();
            var entries = await response.Content.ReadFromJsonAsync<List<JsonElement>>(ct) ?? [];
            var entry = entries.FirstOrDefault(e => e.GetProperty("number").GetString() == admissionNumber);
            return entry.ValueKind == JsonValueKind.Undefined
                ? null
                : new PlanListAnswer(admissionNumber, Enum.Parse<PlanListStatus>(entry.GetProperty("status").GetString()!),
                    entry.GetProperty("department").GetString()!, entry.GetProperty("title").GetString()!);
        }, cancellationToken);
    }
}
