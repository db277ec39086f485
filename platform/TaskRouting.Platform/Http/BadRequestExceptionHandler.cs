using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace TaskRouting.Platform.Http;

/// <summary>
/// A request body or parameter that cannot be read (malformed JSON, a value of the wrong type, an unknown enum name)
/// is the caller's error: a 400 with the field named, not a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var field = bad.InnerException is JsonException { Path: { Length: > 0 } path } ? path.TrimStart('$', '.') : "body";
        var errors = new FieldErrors().Add(field.Length == 0 ? "body" : field,
            "无法读取该值(格式或类型不对)/ The value could not be read: wrong format or type");
        await errors.ToProblem().ExecuteAsync(httpContext);
        return true;
    }
}
