namespace AuditOrchestrator.Vendors.Zendesk;

public enum ZendeskInstance
{
    Main,
    UsFederal,
}
