using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TaskRouting.Server.Hosting;

/// <summary>
/// Cross-field checks; each failure names the setting to fix, so a bad deployment stops at start with a
/// message an operator can act on.
/// </summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        // DataAnnotations does not descend into nested objects; check each section and name its full key.
        ValidateSection("TaskRouting:Storage", options.Storage, failures);
        ValidateSection("TaskRouting:Messaging", options.Messaging, failures);
        ValidateSection("TaskRouting:Jobs", options.Jobs, failures);
        ValidateSection("TaskRouting:Telemetry", options.Telemetry, failures);
        ValidateSection("TaskRouting:Startup", options.Startup, failures);
        if (options.Studio.BundlePath is { Length: > 0 } bundle && !File.Exists(Path.Combine(bundle, "_framework", "blazor.webassembly.js")))
        {
            failures.Add($"TaskRouting:Studio:BundlePath {bundle} does not hold the Elsa Studio bundle (_framework/blazor.webassembly.js is missing).");
        }

        if (options.Storage.Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            failures.Add("TaskRouting:Storage:ConnectionString is required when TaskRouting:Storage:Provider is PostgreSql.");
        }

        if (options.Messaging.Transport == MessageTransport.RabbitMq)
        {
            if (string.IsNullOrWhiteSpace(options.Messaging.RabbitMqUri))
            {
                failures.Add("TaskRouting:Messaging:RabbitMqUri is required when TaskRouting:Messaging:Transport is RabbitMq.");
            }
            else if (!Uri.TryCreate(options.Messaging.RabbitMqUri, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            {
                failures.Add($"TaskRouting:Messaging:RabbitMqUri must be an amqp:// or amqps:// URI, got '{Redact(options.Messaging.RabbitMqUri)}'.");
            }
        }

        if (options.Telemetry.Exporter == TelemetryExporter.Otlp
            && !Uri.TryCreate(options.Telemetry.OtlpEndpoint, UriKind.Absolute, out _))
        {
            failures.Add("TaskRouting:Telemetry:OtlpEndpoint must be an absolute URI when TaskRouting:Telemetry:Exporter is Otlp.");
        }

        if (options.Mode == RunMode.Production)
        {
            if (options.Storage.Provider != StorageProvider.PostgreSql)
            {
                failures.Add("TaskRouting:Storage:Provider must be PostgreSql when TaskRouting:Mode is Production.");
            }

            if (options.Messaging.Transport != MessageTransport.RabbitMq)
            {
                failures.Add("TaskRouting:Messaging:Transport must be RabbitMq when TaskRouting:Mode is Production.");
            }

            if (options.Bootstrap.AdminPassword is { Length: > 0 and < 12 })
            {
                failures.Add("TaskRouting:Bootstrap:AdminPassword must have at least 12 characters.");
            }

            if (options.Bootstrap.AdminPassword is { Length: > 0 } && string.IsNullOrWhiteSpace(options.Bootstrap.AdminUserName))
            {
                failures.Add("TaskRouting:Bootstrap:AdminUserName is required when TaskRouting:Bootstrap:AdminPassword is set.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSection(string prefix, object section, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }

    private static string Redact(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && !string.IsNullOrEmpty(u.UserInfo) ? uri.Replace(u.UserInfo, "***", StringComparison.Ordinal) : uri;
}
