namespace TaskRouting.Server.Elsa;

/// <summary>
/// The language of a request: the portal's language switch (cookie <c>tr.lang</c>), else a <c>lang</c> query value,
/// else the browser's first Accept-Language entry when it is Chinese or English; Simplified Chinese by default.
/// </summary>
internal static class RequestLanguage
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public const string Cookie = "tr.lang";

    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var chosen = http.Request.Cookies[Cookie] ?? http.Request.Query["lang"].FirstOrDefault();
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return Normalise(chosen) ?? Chinese;
        }

        var header = http.Request.Headers.AcceptLanguage.ToString();
        var first = header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return (first is null ? null : Normalise(first.Split(';')[0])) ?? Chinese;
    }

    public static string Pick(HttpContext http, string zh, string en) => Of(http) == English ? en : zh;

    private static string? Normalise(string value) =>
        value.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English
        : value.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
        : null;
}
