using System.Diagnostics;
using Npgsql;

namespace AuditOrchestrator.Engine.Persistence;

/// <summary>
/// A data source whose commands become spans only inside a trace (a request, a signal, a step). Hangfire's polling and
/// the periodic passes run outside any; each of their statements would otherwise start a one-span trace of its own.
/// </summary>
public static class TracedDataSource
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => Activity.Current is not null)
            .ConfigureBatchFilter(_ => Activity.Current is not null));
        return builder.Build();
    }
}
