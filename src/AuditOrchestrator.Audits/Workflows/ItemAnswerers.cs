using System.Text.Json.Nodes;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// Who may answer for an item (README, "Runs"): the item's person (the SOM, for items that are the SOM's to resolve),
/// and once the item was escalated, also the person's manager and the run's SOM. Anyone else's note is journalled and
/// shown with the item, and ends nothing.
/// </summary>
public static class ItemAnswerers
{
    public static IReadOnlyList<string> Of(JsonObject item, string? audience, string? state, string som)
    {
        ArgumentNullException.ThrowIfNull(item);
        var who = new List<string>();
        if (audience != "som" && StepVariables.String(item, "username") is { Length: > 0 } person)
        {
            who.Add(person);
        }
        else
        {
            who.Add(som);
        }
        if (ItemStates.IsEscalated(state))
        {
            if (StepVariables.String(item, "manager") is { Length: > 0 } manager)
            {
                who.Add(manager);
            }
            who.Add(som);
        }
        return [.. who.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public static bool MayAnswer(IReadOnlyList<string> answerers, string? author) =>
        author is not null && answerers.Contains(author, StringComparer.OrdinalIgnoreCase);
}
