switch (args.FirstOrDefault())
{
    case "pagerduty-audit": return await AuditOrchestrator.Benchmarks.PagerDutyAuditBenchmark.RunAsync();
}

Console.Error.WriteLine("usage: benchmarks <name>");
return 2;
