using Ganss.Xss;
using Markdig;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// GitLab Flavored Markdown as the simulated issue page shows it: tables, task lists, emoji shortcodes, autolinks and
/// the HTML GitLab allows. Descriptions and notes are anybody's input, so the HTML is sanitized after rendering, as
/// GitLab does: scripts, event handlers and <c>javascript:</c> links never reach the page.
/// </summary>
public static class IssueMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .UseEmojiAndSmiley(enableSmileys: false)
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        // Task-list boxes and GitLab's collapsible sections.
        sanitizer.AllowedTags.UnionWith(["input", "details", "summary"]);
        sanitizer.AllowedAttributes.UnionWith(["type", "checked", "disabled", "class"]);
        return sanitizer;
    }
}
