using NUnit.Framework;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.TestActivities;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Tests.Definitions;

internal static class Fixture
{
    /// <summary>The engine's built-in activities, as the runtime registers them.</summary>
    public static ActivityRegistry Engine { get; } = Registered(new ServiceCollection().AddDurableRuntime());

    /// <summary>The engine's built-in activities and the test-only ones (RecordEffect, Fail) the fixtures use.</summary>
    public static ActivityRegistry Registry { get; } = Registered(new ServiceCollection().AddDurableRuntime().AddTestActivities());

    /// <summary>The registry of the activities <paramref name="services"/> registers, as the service builds it.</summary>
    public static ActivityRegistry Registered(IServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        return new(provider.GetServices<ActivityDescriptor>());
    }

    public static string Directory(string name) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Definitions", "Fixtures", name);

    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Definitions", "Fixtures", relativePath));

    public static DefinitionParseResult Parse(string yaml) => DefinitionParser.Parse("workflows/test.yaml", yaml, Registry);

    public static WorkflowDefinition ParseValid(string yaml)
    {
        var result = Parse(yaml);
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        return result.Definition!;
    }

    /// <summary>A small valid definition; tests replace one line of it to make one mistake.</summary>
    public const string Valid = """
        id: sample
        name: Sample
        start: ping
        steps:
          - id: ping
            activity: RecordEffect
            level: audit
            settings:
              key: ping
            next:
              done: wait
          - id: wait
            activity: Wait
            level: audit
            settings:
              duration: "3.00:00:00"
            next:
              elapsed: check
          - id: check
            activity: Decision
            level: audit
            settings:
              variable: addressed
            next:
              yes: done
              no: ping
          - id: done
            activity: RecordEffect
            level: audit
            settings:
              key: done
        """;
}
