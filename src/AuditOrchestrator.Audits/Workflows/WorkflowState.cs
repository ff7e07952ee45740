using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// The audit and item workflows' variables, one typed property per key. It reads and writes the instance's own
/// variables under the same JSON keys as always, so instances stored by an earlier release resume unchanged; a value of
/// the wrong JSON kind reads as absent.
/// </summary>
public sealed class WorkflowState(JsonObject variables)
{
    public JsonObject Variables { get; } = variables ?? throw new ArgumentNullException(nameof(variables));

    // Set by the audit instance's steps.

    /// <summary>The run's id on an instance that is not the run's own (a token review's table flow).</summary>
    public string? RunId { get => Text("runId"); set => Variables["runId"] = value; }

    /// <summary>
    /// The run this instance works for, when its variables say: an item carries it in <c>item.runId</c> (it may sit
    /// below a Branches flow), a token review's table flow in <c>runId</c>. Null for the run's own instance.
    /// </summary>
    public Guid? RunOf =>
        Item?["runId"] is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var run) ? run
        : Guid.TryParse(RunId, out var shared) ? shared
        : null;

    /// <summary>The audit's CLI name (a token review's table flow).</summary>
    public string? Audit { get => Text("audit"); set => Variables["audit"] = value; }

    /// <summary>How the run started: scheduled or manual (<see cref="RunKinds"/>); absent means manual.</summary>
    public string? Kind => Text("kind");

    /// <summary>A designer's test run (simulated vendors only).</summary>
    public bool TestRun => Flag("testRun");

    /// <summary>The audit's report, as the audit step left it.</summary>
    public JsonNode? Report { get => Variables["report"]; set => Variables["report"] = value; }

    /// <summary>The report as text (the issue's description, the review table's source).</summary>
    public string? ReportText => Text("report");

    /// <summary>The audit's findings.</summary>
    public JsonNode? Findings { get => Variables["findings"]; set => Variables["findings"] = value; }

    /// <summary>The follow-up items (one per person with findings), as <see cref="FollowUpItems.Build"/> makes them.</summary>
    public JsonArray? Items { get => Variables["items"] as JsonArray; set => Variables["items"] = value; }

    /// <summary>The run's GitLab issue.</summary>
    public JsonObject? Issue { get => Variables["issue"] as JsonObject; set => Variables["issue"] = value; }

    /// <summary>The review note asking the SOM to review (its presence makes the run "awaiting-review").</summary>
    public JsonNode? Review { get => Variables["review"]; set => Variables["review"] = value; }

    /// <summary>The SOM's approval of the review.</summary>
    public JsonObject? Approval { get => Variables["approval"] as JsonObject; set => Variables["approval"] = value; }

    /// <summary>The Calendly memberships the review proposes to remove.</summary>
    public JsonArray? Removals { get => Variables["removals"] as JsonArray; set => Variables["removals"] = value; }

    /// <summary>The items not addressed at the last "all addressed?" question.</summary>
    public JsonArray? NotAddressed { get => Variables["notAddressed"] as JsonArray; set => Variables["notAddressed"] = value; }

    // Set by an item instance's steps.

    /// <summary>The item an item instance follows up (set by the audit's fan-out).</summary>
    public JsonObject? Item => Variables["item"] as JsonObject;

    /// <summary>The item's state (<see cref="ItemStates"/>); absent before the first decision.</summary>
    public string? State { get => Text("state"); set => Variables["state"] = value; }

    /// <summary>The item's discussion thread on the issue, from its first ping.</summary>
    public JsonObject? Thread { get => Variables["thread"] as JsonObject; set => Variables["thread"] = value; }

    /// <summary>Whom the last ping addressed: "person" or "som".</summary>
    public string? Audience { get => Text("audience"); set => Variables["audience"] = value; }

    /// <summary>The answers on the item's thread, oldest first.</summary>
    public JsonArray? Answers { get => Variables["answers"] as JsonArray; set => Variables["answers"] = value; }

    /// <summary>Whether the last wait ended with an answer that counts.</summary>
    public bool Answered { get => Flag("answered"); set => Variables["answered"] = value; }

    /// <summary>Whether an operator said the item is addressed.</summary>
    public bool OperatorAddressed { get => Flag("operatorAddressed"); set => Variables["operatorAddressed"] = value; }

    /// <summary>When the current answer wait ends, kept for a signal taken the moment the wait began.</summary>
    public DateTimeOffset? WaitDeadline
    {
        get => Variables["waitDeadline"] is JsonValue v && v.TryGetValue<DateTimeOffset>(out var at) ? at : null;
        set => Variables["waitDeadline"] = value;
    }

    /// <summary>
    /// The bookmark that ended the last answer wait: the re-check after it asks the audit as of that moment. The
    /// re-check removes it (null removes the key).
    /// </summary>
    public string? RecheckDueBy
    {
        get => Text("recheckDueBy");
        set
        {
            if (value is null)
            {
                Variables.Remove("recheckDueBy");
            }
            else
            {
                Variables["recheckDueBy"] = value;
            }
        }
    }

    /// <summary>The item's findings that the last re-check still found.</summary>
    public JsonArray? StillFailing { get => Variables["stillFailing"] as JsonArray; set => Variables["stillFailing"] = value; }

    // Set by a token review's table flow.

    /// <summary>The token rows seen so far.</summary>
    public JsonArray? Tokens { get => Variables["tokens"] as JsonArray; set => Variables["tokens"] = value; }

    /// <summary>The table's problems already noted on the issue.</summary>
    public JsonArray? TableProblems { get => Variables["tableProblems"] as JsonArray; set => Variables["tableProblems"] = value; }

    /// <summary>Whether the table was complete at the last look.</summary>
    public bool TableComplete { get => Flag("tableComplete"); set => Variables["tableComplete"] = value; }

    /// <summary>How many rows over the limit were last noted.</summary>
    public int TableOverLimitNoted
    {
        get => Variables["tableOverLimitNoted"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
        set => Variables["tableOverLimitNoted"] = value;
    }

    /// <summary>Whether the table's absence was noted.</summary>
    public bool TableMissingNoted { get => Flag("tableMissingNoted"); set => Variables["tableMissingNoted"] = value; }

    private string? Text(string key) => Variables[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private bool Flag(string key) => Variables[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}

public static class WorkflowStateExtensions
{
    /// <summary>The step's instance variables, typed.</summary>
    public static WorkflowState State(this ActivityContext context) =>
        new((context ?? throw new ArgumentNullException(nameof(context))).Variables);

    /// <summary>A stored instance's variables, typed.</summary>
    public static WorkflowState State(this InstanceWithVariables instance) =>
        new((instance ?? throw new ArgumentNullException(nameof(instance))).Variables);

    /// <summary>A stored instance's variables, typed.</summary>
    public static WorkflowState State(this InstanceDetail instance) =>
        new((instance ?? throw new ArgumentNullException(nameof(instance))).Variables);
}
