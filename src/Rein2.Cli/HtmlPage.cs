// One self-contained HTML page: inline CSS, inline SVG, no script and no external request, so a
// report opens from a file, a mail attachment or an archive years later exactly as written. The CSS
// lays out for a phone (one column, tables scroll sideways, figures shrink to the width) and a wide
// screen (figures side by side), and prints in black on white with figures kept whole (an
// animation prints as the frame it shows at that moment). Text is escaped and markup typed (Markup.cs);
// every SVG passes SvgSanitizer; a Content-Security-Policy forbids script and requests as a second wall.
using System.Text;

namespace Rein2.Cli;

/// <summary>Builds an HTML page section by section.</summary>
public sealed class HtmlPage
{
    const string Css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; color: #1b1b1b;
               background: #fff; margin: 0 auto; padding: 1rem; max-width: 1200px; }
        h1 { font-size: 1.6rem; margin: .2rem 0 .6rem; }
        h2 { font-size: 1.25rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        p, li { max-width: 70ch; }
        code, .mono { font-family: ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; font-size: .9em; }
        pre { background: #f5f5f5; padding: .6rem .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        td.num { text-align: right; white-space: nowrap; }
        th { background: #f3f3f3; }
        .paper { color: #666; font-size: .85em; }
        .nw { white-space: nowrap; }
        .figures { display: flex; flex-wrap: wrap; gap: 1rem; }
        figure { margin: 0; flex: 1 1 560px; min-width: 0; }
        figure.wide { flex-basis: 100%; }
        figure.animation { flex: 0 1 560px; }
        figure svg { width: 100%; height: auto; display: block; border: 1px solid #e5e5e5; }
        figcaption { font-size: .9rem; color: #444; margin-top: .25rem; }
        .stat { font-size: 1.4rem; font-weight: 600; }
        .note { color: #555; font-size: .9rem; }
        @media (max-width: 600px) {
          body { padding: .6rem; } h1 { font-size: 1.3rem; }
          td.num { white-space: normal; }
          .plot > div { overflow-x: auto; } .plot svg { min-width: 640px; }   /* plot text stays legible; swipe sideways */
        }
        @media print {
          body { max-width: none; padding: 0; font-size: 10.5pt; color: #000; }
          h2 { break-after: avoid; }
          figure, table, tr { break-inside: avoid; }
          .figures { display: block; }
          figure { margin-bottom: .8rem; }
          figure.animation { max-width: 10cm; }
          pre { background: none; border: 1px solid #999; }
          th { background: none; }
        }
        """;

    readonly StringBuilder _body = new();
    readonly string _title;

    public HtmlPage(string title) { _title = title; _body.Append($"<h1>{Markup.Escape(title)}</h1>\n"); }

    /// <summary>A section heading; <paramref name="id"/> becomes an anchor of letters, digits, '-' and '_' only.</summary>
    public HtmlPage Heading(string text, string id) { _body.Append($"<h2 id=\"{Markup.Id(id)}\">{Markup.Escape(text)}</h2>\n"); return this; }

    /// <summary>A paragraph (a string is escaped text; build emphasis with <see cref="Markup"/>).</summary>
    public HtmlPage Paragraph(Markup content, CssClass? cls = null) { _body.Append(Markup.Element("p", content, cls).Html).Append('\n'); return this; }

    public HtmlPage Code(string text) { _body.Append("<pre><code>").Append(Markup.Escape(text)).Append("</code></pre>\n"); return this; }

    /// <summary>A two-column table of names and values.</summary>
    public HtmlPage KeyValues(IEnumerable<(string Key, string Value)> rows)
    {
        _body.Append("<div class=\"scroll\"><table>\n");
        foreach (var (k, v) in rows) _body.Append($"<tr><th scope=\"row\">{Markup.Escape(k)}</th><td class=\"mono\">{Markup.Escape(v)}</td></tr>\n");
        _body.Append("</table></div>\n");
        return this;
    }

    /// <summary>A table: a header row and rows of cells (a string cell is escaped text); cells after the first get class "num".</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<Markup>> rows, string caption = "")
    {
        _body.Append("<div class=\"scroll\"><table>\n");
        if (caption.Length > 0) _body.Append($"<caption>{Markup.Escape(caption)}</caption>\n");
        _body.Append("<tr>").Append(string.Concat(header.Select(h => $"<th scope=\"col\">{Markup.Escape(h)}</th>"))).Append("</tr>\n");
        foreach (var r in rows)
            _body.Append("<tr>").Append(string.Concat(r.Select((c, i) => i == 0 ? $"<th scope=\"row\">{c.Html}</th>" : $"<td class=\"num\">{c.Html}</td>"))).Append("</tr>\n");
        _body.Append("</table></div>\n");
        return this;
    }

    /// <summary>
    /// Figures side by side on a wide screen, one per row on a phone: (SVG document, caption). Every SVG
    /// — drawn here from the run's data or read from its directory — is reduced to
    /// <see cref="SvgSanitizer"/>'s allow-list first. A plot takes the row's width (wide: the whole row);
    /// an animation at most 560 px, two side by side. An SVG that is not well-formed is an
    /// InvalidDataException, and then nothing of the call is on the page.
    /// </summary>
    public HtmlPage Figures(IEnumerable<(string Svg, string Caption)> figures, bool wide = false)
    {
        var clean = figures.Select(f => (Svg: SvgSanitizer.Clean(f.Svg).Html, f.Caption)).ToList();   // all or none reach the page
        _body.Append("<div class=\"figures\">\n");
        foreach (var (svg, caption) in clean)
        {
            string cls = svg.Contains("<animate", StringComparison.Ordinal) ? "animation" : wide ? "plot wide" : "plot";
            _body.Append($"<figure class=\"{cls}\">\n<div>").Append(svg).Append($"</div>\n<figcaption>{Markup.Escape(caption)}</figcaption>\n</figure>\n");
        }
        _body.Append("</div>\n");
        return this;
    }

    // A second wall behind the escaping: the browser itself refuses any script, any request (images only
    // from data: URLs, which the page has none of) and any stylesheet but the inline one.
    const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    /// <summary>The finished document (well-formed XML as well as HTML, so a test can walk every element).</summary>
    public override string ToString() =>
        $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n" +
        $"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\"/>\n" +
        $"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n" +
        $"<title>{Markup.Escape(_title)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n{_body}" +
        $"<p class=\"note\">Written by rein2 {Markup.Escape(CommandLine.Version)} (<code>rein2 report</code>); one file, no script, no network.</p>\n</body>\n</html>\n";
}
