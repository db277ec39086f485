namespace TaskRouting.Server.Hosting;

/// <summary>Where the server keeps its files: the data folder, the SQLite file, demo-credentials.json.</summary>
public sealed class ServerPaths
{
    private ServerPaths(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public string DemoCredentialsFile => Path.Combine(DataDirectory, "demo-credentials.json");

    public static ServerPaths From(ServerOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ServerPaths(Path.GetFullPath(Path.Combine(contentRoot, options.DataDirectory)));
    }

    public string SqliteConnectionString(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Default Timeout: how long a writer waits for SQLite's single write lock instead of failing at once.
        return string.IsNullOrWhiteSpace(options.Storage.ConnectionString)
            ? $"Data Source={Path.Combine(DataDirectory, "taskrouting.db")};Default Timeout=30"
            : options.Storage.ConnectionString;
    }
}
