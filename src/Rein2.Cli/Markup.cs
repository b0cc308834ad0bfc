// HTML that the report writer itself made, kept apart from text by type. A run directory is data that
// often comes from someone else, so every string that reaches a page is text — escaped in content and
// in attributes — and markup can only be made by the builders here, whose tags and attribute names are
// this file's own constants. A string converts to Markup only as escaped text, so forgetting to escape
// is not possible: `cell = summary.Text("episodes")` shows the characters, never runs them.
using System.Net;
using System.Text;

namespace Rein2.Cli;

/// <summary>A fragment of HTML built by the report writer (never from a run's text).</summary>
public readonly struct Markup
{
    readonly string? _html;
    Markup(string html) => _html = html;

    /// <summary>The HTML source of this fragment.</summary>
    public string Html => _html ?? "";

    /// <summary>Text shown as written: every character that could start markup is escaped.</summary>
    public static Markup Text(string? text) => new(Escape(text ?? ""));

    /// <summary>Any string is text (escaped), never markup.</summary>
    public static implicit operator Markup(string? text) => Text(text);

    public static Markup operator +(Markup a, Markup b) => new(a.Html + b.Html);

    /// <summary>A line break.</summary>
    public static Markup Break { get; } = new("<br/>");

    /// <summary>&lt;span class="…"&gt; around <paramref name="inner"/>; the class is one of the page's own.</summary>
    public static Markup Span(CssClass cls, Markup inner) => new($"<span class=\"{Name(cls)}\">{inner.Html}</span>");

    /// <summary>&lt;code&gt; text &lt;/code&gt;.</summary>
    public static Markup Code(string text) => new($"<code>{Escape(text)}</code>");

    /// <summary>&lt;strong&gt; text &lt;/strong&gt;.</summary>
    public static Markup Strong(Markup inner) => new($"<strong>{inner.Html}</strong>");

    /// <summary>Fragments one after another.</summary>
    public static Markup Concat(IEnumerable<Markup> parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts) sb.Append(p.Html);
        return new(sb.ToString());
    }

    /// <summary>An element of the page writer's own (a fixed tag) around <paramref name="inner"/>, with an optional class.</summary>
    internal static Markup Element(string tag, Markup inner, CssClass? cls = null) =>
        new($"<{tag}{(cls is CssClass c ? $" class=\"{Name(c)}\"" : "")}>{inner.Html}</{tag}>");

    /// <summary>An SVG that <see cref="SvgSanitizer"/> has reduced to its allow-list (its only way in).</summary>
    internal static Markup TrustedSvg(string sanitized) => new(sanitized);

    /// <summary>Escapes text for element content and for a double-quoted attribute value.</summary>
    public static string Escape(string text)
    {
        // text from a run directory is data: NUL, ESC and bidi overrides are shown as \xNN / \uNNNN, never passed on
        if (text.Any(Hidden)) text = string.Concat(text.Select(c => Hidden(c) ? CommandLine.Visible(c) : c.ToString()));
        return WebUtility.HtmlEncode(text);
        static bool Hidden(char c) => c is not ('\t' or '\n' or '\r') && CommandLine.IsHidden(c);
    }

    /// <summary>An id attribute value made from text: letters, digits, '-' and '_' only (anything else dropped).</summary>
    public static string Id(string text)
    {
        var sb = new StringBuilder();
        foreach (char ch in text) if (char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_') sb.Append(ch);
        return sb.Length > 0 && char.IsAsciiLetter(sb[0]) ? sb.ToString() : "s" + sb;
    }

    static string Name(CssClass c) => c switch
    {
        CssClass.Stat => "stat", CssClass.NoWrap => "nw", CssClass.Paper => "paper", CssClass.Note => "note",
        CssClass.Mono => "mono", CssClass.Num => "num",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public override string ToString() => Html;
}

/// <summary>The page's own CSS classes (the only class names markup can carry).</summary>
public enum CssClass { Stat, NoWrap, Paper, Note, Mono, Num }
