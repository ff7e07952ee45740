switch (args.FirstOrDefault())
{
    case "pagerduty-audit": return await AuditOrchestrator.Benchmarks.PagerDutyAuditBenchmark.RunAsync();
    case "pagerduty-collector": return await AuditOrchestrator.Benchmarks.CollectorBenchmark.RunAsync(args.ElementAtOrDefault(1));
}

Console.Error.WriteLine("usage: benchmarks <name>");
return 2;
