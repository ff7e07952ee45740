using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Engine.Runtime;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Webhooks;

/// <summary>GitLab's documented payloads read as the signal contract says, whatever GitLab adds to them or leaves out.</summary>
public sealed class GitLabPayloadTests
{
    private const string Thread = "4f2d1c0e9b8a7f6e5d4c3b2a1908f7e6d5c4b3a2";
    private static readonly GitLabSignalRules Rules = new("audit-bot", "white_check_mark", "thumbsup");

    /// <summary>What each fixture means: (signal name, correlation key, delivery key), or nothing.</summary>
    private static readonly Dictionary<string, (string Name, string Key, string Delivery)?> Expected = new()
    {
        ["note-hook-on-issue"] = ("gitlab.answer", $"gitlab-thread:2001:7:{Thread}", "gitlab:note:90412"),
        ["confidential-note-hook-on-issue"] = ("gitlab.answer", $"gitlab-thread:2001:7:{Thread}", "gitlab:note:90412"),
        ["emoji-hook-award-on-note"] = ("gitlab.answer", $"gitlab-thread:2001:7:{Thread}", "gitlab:award:7301"),
        ["emoji-hook-approval-on-note"] = ("gitlab.approval", "gitlab-note:2001:7:90480", "gitlab:award:7305"),
        ["emoji-hook-award-on-issue"] = null,
        ["issue-hook-update"] = ("gitlab.issue-description", "gitlab-issue:2001:7", "gitlab:description:2001:7:2026-11-22T02:31:05Z"),
        ["confidential-issue-hook-update"] = ("gitlab.issue-description", "gitlab-issue:2001:7", "gitlab:description:2001:7:2026-11-22T02:31:05Z"),
        ["issue-hook-close"] = ("gitlab.issue-closed", "gitlab-issue:2001:7", "gitlab:closed:2001:7:2026-11-25T10:15:30Z"),
        ["confidential-issue-hook-close"] = ("gitlab.issue-closed", "gitlab-issue:2001:7", "gitlab:closed:2001:7:2026-11-25T10:15:30Z"),
        ["issue-hook-reopen"] = ("gitlab.issue-reopened", "gitlab-issue:2001:7", "gitlab:reopened:2001:7:2026-11-25T10:20:44Z"),
        ["confidential-issue-hook-reopen"] = ("gitlab.issue-reopened", "gitlab-issue:2001:7", "gitlab:reopened:2001:7:2026-11-25T10:20:44Z"),
    };

    /// <summary>The fields the service reads: without them an event may mean nothing; every other field is optional.</summary>
    private static readonly HashSet<string> Read = new(StringComparer.Ordinal)
    {
        "project_id", "project", "project.id", "user", "user.username", "event_type", "object_attributes", "note", "issue", "changes",
        "object_attributes.id", "object_attributes.note", "object_attributes.discussion_id", "object_attributes.noteable_type",
        "object_attributes.system", "object_attributes.action", "object_attributes.resolved_at", "object_attributes.iid",
        "object_attributes.updated_at", "object_attributes.closed_at", "object_attributes.name", "object_attributes.awardable_type",
        "object_attributes.awardable_id",
        "note.id", "note.discussion_id", "issue.iid", "changes.description.current", "changes.description",
    };

    public static IEnumerable<string> Fixtures => GitLabPayloads.Names;

    [Test]
    public void Fixtures_CoverEveryEventTheServiceReads() =>
        Assert.That(GitLabPayloads.Names, Is.EquivalentTo(Expected.Keys));

    [TestCaseSource(nameof(Fixtures))]
    public void Payload_AsDocumented_GivesItsSignal(string fixture)
    {
        var signals = Signals(fixture, GitLabPayloads.Load(fixture));

        Assert.That(signals.Select(s => (s.Name, s.CorrelationKey)), Is.EqualTo(Expected[fixture] is { } e ? new[] { (e.Name, e.Key) } : []));
        if (Expected[fixture] is { } expected)
        {
            // A description edit's key ends with a digest of the new text.
            Assert.That(signals[0].DeliveryKey, Does.StartWith(expected.Delivery));
        }
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Payload_WithFieldsGitLabMayAddLater_GivesTheSameSignal(string fixture)
    {
        var body = GitLabPayloads.Load(fixture);
        AddUnknownFields(body);

        Assert.That(Signals(fixture, body), Is.EqualTo(Signals(fixture, GitLabPayloads.Load(fixture))).Using<Signal>(Same));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Payload_WithoutAnyOneField_NeverFailsToParse_AndOptionalOnesChangeNothing(string fixture)
    {
        var expected = Signals(fixture, GitLabPayloads.Load(fixture));
        var paths = Paths(GitLabPayloads.Load(fixture), "").ToList();
        Assert.That(paths, Has.Count.GreaterThan(40), "the documented payload, field for field");

        foreach (var path in paths)
        {
            var body = GitLabPayloads.Load(fixture);
            Remove(body, path);
            IReadOnlyList<Signal> signals = [];
            Assert.DoesNotThrow(() => signals = Signals(fixture, body), path);
            if (!Read.Contains(path))
            {
                Assert.That(signals, Is.EqualTo(expected).Using<Signal>(Same), $"{fixture} without {path}");
            }
        }
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Payload_WithFieldsOfAnotherType_NeverFailsToParse(string fixture)
    {
        foreach (var path in Paths(GitLabPayloads.Load(fixture), "").ToList())
        {
            var body = GitLabPayloads.Load(fixture);
            Replace(body, path, new JsonArray(1, "two"));
            Assert.DoesNotThrow(() => Signals(fixture, body), path);
        }
    }

    private static List<Signal> Signals(string fixture, JsonObject body)
    {
        var hook = GitLabPayloads.Parse(fixture, body);
        return [.. WebhookSignals.From(hook, Rules, awardedNoteIsFirst: WebhookSignals.NeedsFirstNoteCheck(hook, Rules))];
    }

    private static bool Same(Signal a, Signal b) =>
        (a.DeliveryKey, a.Name, a.CorrelationKey, a.Actor) == (b.DeliveryKey, b.Name, b.CorrelationKey, b.Actor)
        && JsonNode.DeepEquals(a.Payload, b.Payload);

    private static void AddUnknownFields(JsonObject node)
    {
        foreach (var child in node.Select(p => p.Value).OfType<JsonObject>().ToList())
        {
            AddUnknownFields(child);
        }

        node["added_in_a_later_version"] = new JsonObject { ["nested"] = new JsonArray(1, "a", null), ["flag"] = true };
        node["another_new_list"] = new JsonArray(new JsonObject { ["id"] = 1 });
    }

    /// <summary>Every field of the payload, as dotted paths (objects and their members; arrays as one field).</summary>
    private static IEnumerable<string> Paths(JsonObject node, string prefix)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix + name;
            yield return path;
            if (value is JsonObject child)
            {
                foreach (var inner in Paths(child, path + "."))
                {
                    yield return inner;
                }
            }
        }
    }

    private static (JsonObject Parent, string Name) Locate(JsonObject body, string path)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        return (parent, parts[^1]);
    }

    private static void Remove(JsonObject body, string path)
    {
        var (parent, name) = Locate(body, path);
        parent.Remove(name);
    }

    private static void Replace(JsonObject body, string path, JsonNode value)
    {
        var (parent, name) = Locate(body, path);
        parent[name] = value;
    }
}
