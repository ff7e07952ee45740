switch (args.FirstOrDefault())
{
    case "runtime": return await AuditOrchestrator.Benchmarks.Runtime.RuntimeBenchmark.RunAsync(args.Skip(1).ToArray());
    case "pagerduty-audit": return await AuditOrchestrator.Benchmarks.PagerDutyAuditBenchmark.RunAsync();
    case AuditOrchestrator.Benchmarks.SimulatorProcess.Verb: return await AuditOrchestrator.Benchmarks.SimulatorProcess.ServeAsync(args.Skip(1).ToArray());
    case "audit-scale": return await AuditOrchestrator.Benchmarks.AuditScale.AuditScaleBenchmark.RunAsync(args.Skip(1).ToArray());
    case "pagerduty-collector": return await AuditOrchestrator.Benchmarks.CollectorBenchmark.RunAsync(args.ElementAtOrDefault(1));
}

Console.Error.WriteLine("usage: benchmarks <name>");
return 2;
