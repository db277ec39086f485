using TaskRouting.Server.Hosting;

return await ServerHost.RunAsync(args);

/// <summary>The entry point; tests start it through WebApplicationFactory.</summary>
public partial class Program;
