using System.Globalization;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.Calendly;
using AuditOrchestrator.Vendors.PagerDuty;
using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.Checks;

/// <summary>
/// A vendor's account list as one audit pass read it, for the run's record (the evidence pack's <c>vendorAccounts</c>):
/// when, through which API, as whom, and every account as the vendor returned it. Rows are arrays under
/// <c>columns</c>, so a thousand accounts stay near 100 kB.
/// </summary>
public static class VendorAccounts
{
    public static JsonObject PagerDuty(PagerDutySnapshot snapshot, string baseUrl, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var list = Header("PagerDuty", null, "REST API v2", baseUrl, readAt, snapshot.TokenOwner is { } me
            ? new JsonObject { ["kind"] = "user", ["id"] = me.Id, ["name"] = me.Name, ["email"] = me.Email, ["role"] = me.Role }
            : new JsonObject { ["kind"] = "account-level token" });
        list["columns"] = Columns("id", "name", "email", "role");
        list["accounts"] = Rows(snapshot.Users.OrderBy(u => u.Id, StringComparer.Ordinal), u => [u.Id, u.Name, u.Email, u.Role]);
        list["schedules"] = new JsonArray([.. snapshot.Schedules.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["users"] = new JsonArray([.. s.UserIds.Select(id => (JsonNode)JsonValue.Create(id))]),
        })]);
        return list;
    }

    public static JsonObject Calendly(CalendlySnapshot snapshot, string baseUrl, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var list = Header("Calendly", null, "API v2", baseUrl, readAt, snapshot.TokenOwner is { } me
            ? new JsonObject { ["kind"] = "user", ["uri"] = me.Uri, ["name"] = me.Name, ["email"] = me.Email }
            : null);
        list["organization"] = snapshot.OrganizationUri;
        list["columns"] = Columns("uuid", "role", "name", "email", "schedulingUrl");
        list["accounts"] = Rows(snapshot.Memberships.OrderBy(m => m.Uuid, StringComparer.Ordinal), m => [m.Uuid, m.Role, m.Name, m.Email, m.SchedulingUrl]);
        return list;
    }

    public static JsonObject Zendesk(ZendeskSnapshot snapshot, ZendeskInstance instance, string baseUrl, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var list = Header(ZendeskClient.VendorName(instance), instance.InstanceName(), "Support API v2", baseUrl, readAt, snapshot.TokenOwner is { } me
            ? new JsonObject { ["kind"] = "user", ["id"] = me.Id, ["name"] = me.Name, ["email"] = me.Email, ["role"] = me.Role }
            : null);
        var groupsOf = snapshot.GroupMemberships.GroupBy(m => m.UserId).ToDictionary(g => g.Key, g => g.Select(m => m.GroupId).Order().ToList());
        list["columns"] = Columns("id", "name", "email", "role", "customRoleId", "suspended", "groupIds");
        list["accounts"] = Rows(snapshot.Users.OrderBy(u => u.Id), u =>
            [u.Id, u.Name, u.Email, u.Role, u.CustomRoleId, u.Suspended,
             new JsonArray([.. groupsOf.GetValueOrDefault(u.Id, []).Select(g => (JsonNode)JsonValue.Create(g))])]);
        list["customRoles"] = Rows(snapshot.CustomRoles.OrderBy(r => r.Id), r => [r.Id, r.Name, r.RoleType]);
        list["groups"] = Rows(snapshot.Groups.OrderBy(g => g.Id), g => [g.Id, g.Name]);
        return list;
    }

    private static JsonObject Header(string vendor, string? instance, string api, string baseUrl, DateTimeOffset readAt, JsonObject? identity)
    {
        var list = new JsonObject { ["vendor"] = vendor };
        if (instance is not null)
        {
            list["instance"] = instance;
        }
        list["readAt"] = readAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        list["service"] = new JsonObject { ["api"] = api, ["baseUrl"] = baseUrl };
        list["identity"] = identity;
        return list;
    }

    private static JsonArray Columns(params string[] names) => new([.. names.Select(n => (JsonNode)JsonValue.Create(n))]);

    private static JsonArray Rows<T>(IEnumerable<T> rows, Func<T, JsonNode?[]> row) =>
        new([.. rows.Select(r => (JsonNode)new JsonArray(row(r)))]);
}
