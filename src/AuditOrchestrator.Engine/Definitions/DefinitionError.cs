using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>
/// One problem with a definition. Line and column are 1-based; 0 when the definition did not come from a file
/// (the designer's JSON), in which case <see cref="Field"/> alone says where.
/// </summary>
public sealed record DefinitionError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}: " : string.IsNullOrEmpty(File) ? "" : $"{File}: ";
        return Field.Length > 0 ? $"{where}field '{Field}': {Message}" : $"{where}{Message}";
    }
}

/// <summary>What parsing one file gave: the definition when it is valid, else null and every error found.</summary>
public sealed record DefinitionParseResult(string File, WorkflowDefinition? Definition, ImmutableArray<DefinitionError> Errors)
{
    [MemberNotNullWhen(true, nameof(Definition))]
    public bool IsValid => Definition is not null;
}
