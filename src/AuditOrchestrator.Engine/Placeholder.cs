namespace AuditOrchestrator.Engine; internal static class Placeholder {}
