switch (args.FirstOrDefault())
{
    case "runtime": return await AuditOrchestrator.Benchmarks.Runtime.RuntimeBenchmark.RunAsync();
    case "pagerduty-audit": return await AuditOrchestrator.Benchmarks.PagerDutyAuditBenchmark.RunAsync();
}

Console.Error.WriteLine("usage: benchmarks <name>");
return 2;
