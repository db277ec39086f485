using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TaskRouting.Platform.Http;

/// <summary>Field errors collected while validating a request; empty means valid.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    /// <summary>Adds an error when the value is null or blank.</summary>
    public FieldErrors Required(string field, string? value, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{zh}不能为空 / {en} is required");
        }

        return this;
    }

    /// <summary>Adds errors for a page number below 1 or a page size outside 1–500.</summary>
    public FieldErrors Paging(int page, int pageSize)
    {
        if (page < 1)
        {
            Add("page", "页码从 1 开始 / page starts at 1");
        }

        if (pageSize is < 1 or > 500)
        {
            Add("pageSize", "每页 1–500 条 / pageSize must be 1–500");
        }

        return this;
    }

    /// <summary>A 400 ProblemDetails with the errors by field.</summary>
    public ValidationProblem ToProblem(string? title = null) =>
        TypedResults.ValidationProblem(
            _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            title: title ?? "请求有误 / The request has invalid fields");
}

/// <summary>Problem answers with bilingual titles.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "无权访问 / Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "未找到 / Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "冲突 / Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
