using TaskRouting.Bench;

// dotnet run -c Release --project bench/TaskRouting.Bench -- <benchmark> [options]
var name = args.FirstOrDefault() ?? "help";
return name switch
{
    "cold-start" => await ColdStart.RunAsync(args.Skip(1).ToArray()),
    "runtime" => await RuntimeBench.RunAsync(args.Skip(1).ToArray()),
    "fan-out" => await FanOutBench.RunAsync(args.Skip(1).ToArray()),
    "status" => await StatusBench.RunAsync(args.Skip(1).ToArray()),
    _ => Help(),
};

static int Help()
{
    Console.WriteLine("""
        TaskRouting benchmarks
          cold-start [--runs N]   start the built server on the embedded default until /health/ready answers 200
                                  (goal: under 3 s); first starts on an empty data folder and restarts on a seeded one
          runtime [--instances N] [--workers N] [--suspended N]
                                  a 10-step flowchart with two waits run to completion on PostgreSQL: instances/s,
                                  persisted steps/s, p50/p99 burst latency, PostgreSQL's one-row commit ceiling and
                                  the ratio (goal: >= 2,000 steps/s and >= 0.5 of the ceiling); then N suspended
                                  instances and the process's managed memory before and after
                                  needs TASKROUTING_BENCH_POSTGRES (or TASKROUTING_TEST_POSTGRES): a server it may create databases on
          fan-out [--communities 3200,100000] [--runs 3] [--no-raw]
                                  one admitted item dispatched by the shipped dispatch activity to N communities through the
                                  outbox, RabbitMQ and the street gateway (acknowledging on receipt), until every
                                  acknowledgement is recorded centrally; raw MassTransit publish->consume of N messages on
                                  the same broker; medians and the ratio (goals: 3,200 < 2 s, 100,000 < 60 s, ratio >= 0.7)
                                  needs TASKROUTING_BENCH_POSTGRES, _RABBITMQ, _RABBITMQ_MANAGEMENT (or the TEST ones)
          status [--applications 100000] [--rate 200] [--seconds 30] [--runs 3] [--keep-database]
                                  the department's application status API (GET /api/applications/{id}/status, API key) and
                                  its page (/portal/department, when the build has it) under an open-loop load at the rate,
                                  latency from each request's scheduled time; N applications of 20 departments with their
                                  history in PostgreSQL; per run requests, errors, p50/p90/p99/max; median p99 of the runs
                                  (goal: p99 < 50 ms at 200 requests/s with 100,000 applications; any non-2xx fails the run)
                                  needs TASKROUTING_BENCH_POSTGRES (or TASKROUTING_TEST_POSTGRES); no RabbitMQ (in-memory bus);
                                  --keep-database leaves the seeded database for EXPLAIN ANALYZE
        Build the server first: dotnet build -c Release hosts/TaskRouting.Server
        """);
    return 1;
}
