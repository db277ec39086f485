namespace TaskRouting.Platform.Http;

/// <summary>A problem with one field of a request; the message is bilingual ("中文 / English").</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A domain operation refused: the field errors or a conflict, nothing changed.</summary>
public sealed class DomainRejection(string message, IReadOnlyList<FieldError>? errors = null, bool conflict = false, bool notFound = false)
    : Exception(message)
{
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];

    /// <summary>True when the request was valid but the state does not allow it now (409).</summary>
    public bool Conflict { get; } = conflict;

    /// <summary>True when the thing does not exist for the caller (404).</summary>
    public bool NotFound { get; } = notFound;

    public static DomainRejection Invalid(IReadOnlyList<FieldError> errors) =>
        new("请求有误 / The request has invalid fields", errors);

    public static DomainRejection Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static DomainRejection StateConflict(string message) => new(message, conflict: true);

    public static DomainRejection Missing(string message) => new(message, notFound: true);
}
