// A run directory is data that often comes from someone else. Each case here tampers with a real run
// directory of one kind — JSON fields, table labels, Markdown, the SVG files beside them, symbolic
// links — with the classic payloads (script tags, event handlers, javascript: URLs in mixed case and
// entities, SVG <set>/<animate> on href, external images and iframes, CSS url() and expression()),
// renders it, and walks every element and attribute of the page (it is well-formed XML): only the
// writer's own tags and attributes, no handler, no URL that leaves the page, and every payload that
// came from a text field shown as the characters it is. CI also loads a hostile page in Chromium.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class HostileReportTests(ReportRuns runs) : IClassFixture<ReportRuns>
{
    const string SvgNs = "http://www.w3.org/2000/svg";
    const string Csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    // what the page writer itself may produce (independent of the implementation's allow-list)
    static readonly HashSet<string> HtmlElements =
        ["html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "pre", "code", "div", "table", "caption", "tr", "th", "td", "span", "br", "strong", "figure", "figcaption"];
    static readonly HashSet<string> HtmlAttributes = ["lang", "charset", "http-equiv", "name", "content", "class", "id", "scope"];
    static readonly HashSet<string> SvgElements =
        ["svg", "g", "line", "polyline", "polygon", "rect", "circle", "ellipse", "path", "text", "tspan", "title", "desc", "defs", "clipPath", "linearGradient", "radialGradient", "stop", "animate", "animateTransform"];
    static readonly HashSet<string> SvgAttributeNames =
    [
        "viewBox", "width", "height", "preserveAspectRatio", "role", "aria-label", "id", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
        "points", "d", "dx", "dy", "offset", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
        "stroke-linecap", "stroke-linejoin", "opacity", "transform", "visibility", "clip-path", "stop-color", "stop-opacity", "text-anchor",
        "dominant-baseline", "font-size", "font-family", "font-weight", "font-style", "attributeName", "attributeType", "type", "values", "keyTimes",
        "keySplines", "dur", "begin", "end", "calcMode", "repeatCount", "repeatDur", "from", "to", "by", "additive", "accumulate",
    ];

    static readonly string[] TextPayloads =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "<ScRiPt>alert(3)</sCrIpT>",
        "<svg onload=alert(4)>",
        "<a href=\"jav&#x61;script:alert(5)\">x</a>",
        "' onmouseover='alert(6)",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<div style=\"background:url(https://evil.example/x.png);width:expression(alert(7))\">",
    ];

    const string HostileSvg = """
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert('svg')">
          <script>alert('script')</script>
          <SCRIPT>alert('upper')</SCRIPT>
          <rect width="10" height="10" fill="green" onclick="alert('click')" onMouseOver="alert('over')"/>
          <rect width="5" height="5" fill="url( 'HTTPS://evil.example/p' )"/>
          <rect width="5" height="5" style="fill:url(https://evil.example/s);width:expression(alert('css'))"/>
          <rect width="5" height="5" fill="expression(alert('expr'))"/>
          <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/frame"></iframe></foreignObject>
          <image href="https://evil.example/img.png" width="5" height="5"/>
          <image xlink:href="https://evil.example/img2.png"/>
          <a href="jav&#x61;script:alert('a')"><text x="1" y="5">click</text></a>
          <a xlink:href="javascript:alert('xa')"><rect width="1" height="1"/></a>
          <use href="https://evil.example/sprite.svg#x"/>
          <style>@import url(https://evil.example/s.css); rect { fill: url(https://evil.example/f) }</style>
          <set attributeName="href" to="javascript:alert('set')"/>
          <animate attributeName="href" values="javascript:alert('animate')" dur="1s"/>
          <animate attributeName="xlink:href" values="javascript:alert('xanimate')"/>
          <text x="1" y="9">kept text &lt;script&gt;</text>
          <circle cx="5" cy="5" r="2" fill="blue"><animate attributeName="r" values="1;2" dur="1s" repeatCount="indefinite"/></circle>
        </svg>
        """;

    static XDocument Parse(string html) => XDocument.Parse(html.Replace("<!DOCTYPE html>", ""));

    /// <summary>Every element and attribute is the writer's own, nothing leaves the page, and each payload shows as text.</summary>
    static void AssertInert(string html, params IEnumerable<string> shownAsText)
    {
        var doc = Parse(html);
        foreach (var el in doc.Descendants())
        {
            bool svg = el.Name.NamespaceName == SvgNs;
            string name = el.Name.LocalName;
            Assert.True(svg ? SvgElements.Contains(name) : el.Name.NamespaceName == "" && HtmlElements.Contains(name), $"element <{el.Name}> on the page");
            foreach (var a in el.Attributes())
            {
                if (a.IsNamespaceDeclaration) { Assert.Equal(SvgNs, a.Value); continue; }
                string an = a.Name.LocalName;
                Assert.False(an.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"handler {an} on <{name}>");
                Assert.True(a.Name.NamespaceName == "" && (svg ? SvgAttributeNames : HtmlAttributes).Contains(an), $"attribute {a.Name} on <{name}>");
                string v = Regex.Replace(a.Value.ToLowerInvariant(), @"\s", "");
                Assert.DoesNotContain("javascript:", v);
                Assert.DoesNotContain("expression(", v);
                Assert.DoesNotMatch(@"url\((?!#)", v);
                if (name is "animate" or "animateTransform" && an == "attributeName") Assert.DoesNotContain("href", v);
            }
        }
        Assert.Single(doc.Descendants("style"));
        Assert.DoesNotContain("url(", doc.Descendants("style").Single().Value);
        Assert.Single(doc.Descendants("meta"), m => (string?)m.Attribute("http-equiv") == "Content-Security-Policy" && (string?)m.Attribute("content") == Csp);
        string text = string.Concat(doc.DescendantNodes().OfType<XText>().Select(t => t.Value));
        foreach (var p in shownAsText) Assert.Contains(p, text);
        Assert.DoesNotContain("evil.example", string.Concat(doc.Descendants().Where(e => e.Name.NamespaceName == SvgNs).SelectMany(e => e.Attributes()).Select(a => a.Value)));
    }

    static string Copy(string run)
    {
        string copy = Directory.CreateTempSubdirectory("rein2-hostile-").FullName;
        foreach (var f in Directory.GetFiles(run, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(copy, Path.GetRelativePath(run, f));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(f, to);
        }
        return copy;
    }

    static void EditJson(string path, Action<JsonObject> edit)
    {
        var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(o);
        File.WriteAllText(path, o.ToJsonString());
    }

    static string Report(string dir)
    {
        var r = CliRunner.Run("report", dir);
        Assert.True(r.Code == 0, r.Err);
        return File.ReadAllText(Path.Combine(dir, "report.html"));
    }

    [Fact]
    public void ATrainSummaryFullOfMarkupRendersAsText()
    {
        string dir = Copy(runs.Train);
        EditJson(Path.Combine(dir, "summary.json"), s =>
        {
            s["episodes"] = TextPayloads[0];
            s["best_step"] = TextPayloads[1];
            s["final_eval_episodes"] = TextPayloads[2];
            s["rbv"] = TextPayloads[3];
            s["command"] = "rein2 train --out '</code></pre>" + TextPayloads[4] + "'";
            s["version"] = TextPayloads[5];
            s["meta"] = TextPayloads[6];
            s["settings"]!.AsObject()[TextPayloads[7]] = TextPayloads[0];
        });
        AssertInert(Report(dir), TextPayloads);
    }

    [Fact]
    public void ABaselineSummaryFullOfMarkupRendersAsText()
    {
        string dir = Copy(runs.Baseline);
        EditJson(Path.Combine(dir, "summary.json"), s =>
        {
            s["final_eval_episodes"] = TextPayloads[0];
            s["solved_at_env_step"] = TextPayloads[1];
            s["seed"] = 0;
            s["simd"] = TextPayloads[2];
            s["algo"] = TextPayloads[3];
        });
        AssertInert(Report(dir), TextPayloads[..3]);
    }

    [Fact]
    public void ATable1WithMarkupInItsLabelsAndAHostileSvgBesideItRendersInert()
    {
        string dir = Copy(runs.Table1);
        EditJson(Path.Combine(dir, "table1.json"), t =>
        {
            t["seeds"] = 1;
            t["scale"] = TextPayloads[4];
            var env = t["envs"]!.AsArray()[0]!.AsObject();
            env["rows"]!.AsArray()[0]!.AsObject()["label"] = TextPayloads[0];
            env["rows"]!.AsArray()[1]!.AsObject()["label"] = TextPayloads[1];
            env["best_agent"]!.AsObject()["row"] = TextPayloads[2];
        });
        // the figure is drawn from runs/*.csv: the SVG file the grid wrote is never read
        foreach (var svg in Directory.GetFiles(dir, "*.svg")) File.WriteAllText(svg, HostileSvg);
        string html = Report(dir);
        AssertInert(html, TextPayloads[..3]);
        Assert.Contains("CartPole-v1: REIN-2 and the random-search control", html);
        Assert.DoesNotContain("kept text", html);
    }

    [Fact]
    public void Table1JsonWithAMissingKeyOrAWrongTypeIsRefusedByName()
    {
        foreach (var (edit, says) in new (Action<JsonObject>, string)[]
        {
            (t => t.Remove("envs"), "\"envs\" is missing"),
            (t => t["seeds"] = 1000, "\"seeds\" is 1000; allowed: an integer from 1 to 100"),
            (t => t["envs"] = "CartPole-v1", "\"envs\" must be an array, found a string"),
            (t => t["envs"]!.AsArray()[0]!.AsObject()["marks"] = JsonNode.Parse("[1, \"two\"]"), "\"marks\" must hold numbers, found a string"),
            (t => t["envs"]!.AsArray()[0]!.AsObject().Remove("rows"), "\"rows\" is missing"),
            (t => t["envs"]!.AsArray()[0]!.AsObject()["env"] = "<b>Nope-v0</b>", "env '<b>Nope-v0</b>' is not a known environment"),
            (t => t["envs"]!.AsArray()[0]!.AsObject()["best_agent"]!.AsObject()["file"] = "../../../etc/passwd", "no absolute path, no '..'"),
        })
        {
            string dir = Copy(runs.Table1);
            EditJson(Path.Combine(dir, "table1.json"), edit);
            var r = CliRunner.Run("report", dir);
            Assert.True(r.Code == 2, $"{says}: exit {r.Code}, {r.Err}");
            Assert.Contains(says, r.Err);
            Assert.DoesNotContain("unexpected", r.Err);
            Assert.False(File.Exists(Path.Combine(dir, "report.html")));
        }
    }

    [Fact]
    public void AMetaRunWithHostileMarkdownPicturesAndHeadingsRendersInert()
    {
        string dir = Copy(runs.Meta);
        string outside = Path.Combine(Path.GetDirectoryName(dir)!, $"outside-{Guid.NewGuid():N}.svg");
        File.WriteAllText(outside, HostileSvg.Replace("kept text", "outside text"));
        File.CreateSymbolicLink(Path.Combine(dir, "link.svg"), outside);
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "evil.svg"), HostileSvg);
        File.WriteAllText(Path.Combine(dir, "dtd.svg"), "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>");
        foreach (var svg in Directory.GetFiles(dir, "meta-*.svg")) File.WriteAllText(svg, HostileSvg);
        string md = File.ReadAllText(Path.Combine(dir, "meta.md"));
        md = md.Replace("## Acrobot-v1", "## Acrobot-v1\" onmouseover=\"alert(9)\" x=\"") + string.Join("\n\n",
        [
            "", "![inside](evil.svg)", "![up](../" + Path.GetFileName(outside) + ")", "![link](link.svg)", "![abs](" + outside + ")",
            "![dtd](dtd.svg)", "![dir](sub/../evil.svg)", "**" + TextPayloads[0] + "** and `" + TextPayloads[1] + "` and [x](javascript:alert(8))",
            "| a | b |\n|---|---|\n| " + TextPayloads[6] + " | `" + TextPayloads[3] + "` |", "",
        ]);
        File.WriteAllText(Path.Combine(dir, "meta.md"), md);
        string html = Report(dir);
        AssertInert(html, [TextPayloads[0], TextPayloads[1], TextPayloads[6], TextPayloads[3], "[x](javascript:alert(8))"]);
        // the protocol's own curves drawn from runs.jsonl, not the tampered files
        Assert.Contains("Acrobot-v1: the agents each method produces", html);
        // the picture inside the run directory: its allow-listed part (one evil.svg line, sanitized)
        Assert.Single(Regex.Matches(html, "kept text"));
        Assert.Contains("fill=\"green\"", html);
        Assert.DoesNotContain("outside text", html);
        foreach (var refused in new[] { "(picture ../", "(picture link.svg not shown: it is reached through a symbolic link)", $"(picture {outside} not shown", "(picture dtd.svg not shown", "(picture sub/../evil.svg not shown" })
            Assert.Contains(refused, Parse(html).Descendants("p").Select(p => p.Value).Aggregate("", (a, b) => a + b + "\n"));
        Assert.DoesNotContain("aaaaaaaaaa", html);
        Assert.Contains("<h2 id=\"Acrobot-v1\">Acrobot-v1&quot; onmouseover=", html);
    }
}
