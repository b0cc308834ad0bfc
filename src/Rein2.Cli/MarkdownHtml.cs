// The small Markdown subset the CLI itself writes (meta.md): "## " headings, paragraphs, pipe
// tables, `code`, **bold** and a picture line ![alt](file.svg), turned into an HtmlPage's sections.
// Everything in the file is text: the only markup made is <code> and <strong> around escaped text.
// A picture the report can draw from the run's data is drawn (the caller's `draw`); any other may
// only come from inside the run directory — the resolved path under it, no "..", no symbolic link on
// the way, a regular file — and is reduced to SvgSanitizer's allow-list. A picture line that breaks
// these rules, or is not a well-formed SVG, is shown as a note naming the file and why.
using System.Text.RegularExpressions;

namespace Rein2.Cli;

public static partial class MarkdownHtml
{
    const long MaxPictureBytes = 16L << 20;

    /// <summary>
    /// Appends <paramref name="markdown"/> (without its "# " title line) to <paramref name="page"/>;
    /// <paramref name="draw"/> returns the figure for a picture file name when it can be drawn from the
    /// run's data (null: read it from <paramref name="dir"/>).
    /// </summary>
    public static void Append(HtmlPage page, string markdown, string dir, Func<string, (string Svg, string Caption)?> draw)
    {
        var lines = markdown.Replace("\r", "").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.StartsWith("# ")) continue;
            if (line.StartsWith("## ")) { page.Heading(line[3..].Trim(), line[3..].Trim().Split(' ')[0]); continue; }
            if (Picture().Match(line.Trim()) is { Success: true } pic)
            {
                string alt = pic.Groups[1].Value, file = pic.Groups[2].Value;
                if (draw(file) is { } figure) page.Figures([figure], wide: true);
                else if ((InputFiles.InsideDirectory(dir, file, MaxPictureBytes) ?? ShowPicture(page, Path.Combine(dir, file), alt)) is string refused)
                    page.Paragraph($"(picture {file} not shown: {refused})", CssClass.Note);
                continue;
            }
            if (line.StartsWith('|'))
            {
                var rows = new List<string[]>();
                for (; i < lines.Length && lines[i].StartsWith('|'); i++) rows.Add(Cells(lines[i]));
                i--;
                var body = rows.Skip(rows.Count > 1 && rows[1].All(c => c.Trim().Trim(':').All(ch => ch == '-')) ? 2 : 1);
                page.Table(rows[0].Select(c => c.Replace("`", "").Replace("**", "")).ToArray(), body.Select(r => (IReadOnlyList<Markup>)r.Select(Inline).ToArray()));
                continue;
            }
            var paragraph = new List<string>();
            for (; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith('|') && !lines[i].StartsWith('#'); i++) paragraph.Add(lines[i].Trim());
            i--;
            page.Paragraph(Inline(string.Join(' ', paragraph)));
        }
    }

    static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    // text with `code` and **bold**: the spans between the marks are text, the marks become elements
    static Markup Inline(string text)
    {
        var parts = new List<Markup>();
        int at = 0;
        foreach (Match m in CodeOrBold().Matches(text))
        {
            parts.Add(text[at..m.Index]);
            parts.Add(m.Groups[1].Success ? Markup.Code(m.Groups[1].Value) : Markup.Strong(m.Groups[2].Value));
            at = m.Index + m.Length;
        }
        parts.Add(text[at..]);
        return Markup.Concat(parts);
    }

    // shows the picture's allow-listed part, or says why it cannot (not readable, not a well-formed SVG)
    static string? ShowPicture(HtmlPage page, string path, string alt)
    {
        try { page.Figures([(InputFiles.ReadText(path, MaxPictureBytes), alt)], wide: true); return null; }
        catch (InvalidDataException e) { return e.Message.TrimEnd('.'); }
    }

    [GeneratedRegex(@"^!\[([^\]]*)\]\(([^)]+\.svg)\)$")] private static partial Regex Picture();
    [GeneratedRegex(@"`([^`]+)`|\*\*([^*]+)\*\*")] private static partial Regex CodeOrBold();
}
