using TaskRouting.Bench;

// dotnet run -c Release --project bench/TaskRouting.Bench -- <benchmark> [options]
var name = args.FirstOrDefault() ?? "help";
return name switch
{
    "cold-start" => await ColdStart.RunAsync(args.Skip(1).ToArray()),
    _ => Help(),
};

static int Help()
{
    Console.WriteLine("""
        TaskRouting benchmarks
          cold-start [--runs N]   start the built server on the embedded default until /health/ready answers 200
                                  (goal: under 3 s); first starts on an empty data folder and restarts on a seeded one
        Build the server first: dotnet build -c Release hosts/TaskRouting.Server
        """);
    return 1;
}
