// The small Markdown subset the CLI itself writes (meta.md): "## " headings, paragraphs, pipe
// tables, `code`, **bold** and a picture line ![alt](file.svg), turned into an HtmlPage's sections
// — the pictures inlined from the run directory, so the page stays one self-contained file.
using System.Text.RegularExpressions;

namespace Rein2.Cli;

public static partial class MarkdownHtml
{
    /// <summary>Appends <paramref name="markdown"/> (without its "# " title line) to <paramref name="page"/>; pictures are read from <paramref name="dir"/>.</summary>
    public static void Append(HtmlPage page, string markdown, string dir)
    {
        var lines = markdown.Replace("\r", "").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.StartsWith("# ")) continue;
            if (line.StartsWith("## ")) { page.Heading(line[3..].Trim(), Anchor(line[3..])); continue; }
            if (Picture().Match(line.Trim()) is { Success: true } pic)
            {
                string path = Path.Combine(dir, pic.Groups[2].Value);
                if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing (the page shows it).");
                page.Figures([(File.ReadAllText(path), pic.Groups[1].Value)], wide: true);
                continue;
            }
            if (line.StartsWith('|'))
            {
                var rows = new List<string[]>();
                for (; i < lines.Length && lines[i].StartsWith('|'); i++) rows.Add(Cells(lines[i]));
                i--;
                var body = rows.Skip(rows.Count > 1 && rows[1].All(c => c.Trim().Trim(':').All(ch => ch == '-')) ? 2 : 1);
                page.Table(rows[0].Select(c => c.Replace("`", "").Replace("**", "")).ToArray(), body.Select(r => (IReadOnlyList<string>)r.Select(Inline).ToArray()));
                continue;
            }
            var paragraph = new List<string>();
            for (; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith('|') && !lines[i].StartsWith('#'); i++) paragraph.Add(lines[i].Trim());
            i--;
            page.Html("<p>" + Inline(string.Join(' ', paragraph)) + "</p>");
        }
    }

    static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    // escaped text with `code` and **bold**
    static string Inline(string text) =>
        Bold().Replace(Code().Replace(HtmlPage.E(text), "<code>$1</code>"), "<strong>$1</strong>");

    static string Anchor(string heading) => Regex.Replace(heading.Trim().Split(' ')[0], "[^A-Za-z0-9-]", "");

    [GeneratedRegex(@"^!\[([^\]]*)\]\(([^)]+\.svg)\)$")] private static partial Regex Picture();
    [GeneratedRegex("`([^`]+)`")] private static partial Regex Code();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")] private static partial Regex Bold();
}
