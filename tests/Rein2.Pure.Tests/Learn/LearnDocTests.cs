// docs/learn cannot rot. For every page: each command in a ```sh block runs (rein2 in-process; the
// chapters of samples/Learn through the same code, compiled into this assembly), and the ```text
// block right after it must match what the last command printed, line by line, where "…" stands for
// any text (timings, SIMD-dependent digits) and a line of only "…" for any number of lines. Paths
// under runs/ go to a temporary folder. Each ```csharp block must be code samples/Learn runs; each
// link must point at a file that exists; each picture must be one the page's commands make again.
// Then what the pages claim about the code: the hand-written GAE equals the library's, the gradient
// check passes, Adam fits sin(x).
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Rein2.Learn;
using Rein2.Pure.Tests.Support;
using static Rein2.Pure.Tests.Support.DocPages;

namespace Rein2.Pure.Tests.Learn;

public class LearnDocTests
{
    static string LearnDir => Path.Combine(Repo(), "docs", "learn");

    public static IEnumerable<object[]> Pages() =>
        Directory.GetFiles(Path.Combine(Repo(), "docs", "learn"), "*.md").Order().Select(f => new object[] { Path.GetFileName(f) });

    [Theory, MemberData(nameof(Pages))]
    public void EveryCommandRunsAndPrintsWhatThePageShows(string page)
    {
        string root = Directory.CreateTempSubdirectory("rein2-learn-").FullName;
        var blocks = Blocks(File.ReadAllText(Path.Combine(LearnDir, page)));
        for (int i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Language != "sh") continue;
            string output = "";
            foreach (var line in blocks[i].Code.Split('\n').Where(l => l.Trim().Length > 0))
                output = Run(line.Trim(), root, page).Replace(root + Path.DirectorySeparatorChar, "");
            if (i + 1 < blocks.Count && blocks[i + 1].Language == "text")
                Assert.True(Matches(blocks[i + 1].Code, output), $"{page}: the output shown after\n{blocks[i].Code}\nis\n{blocks[i + 1].Code}\nbut the command printed\n{output}");
        }
        // every picture on the page is made again by the page's own commands
        foreach (Match m in Regex.Matches(File.ReadAllText(Path.Combine(LearnDir, page)), @"!\[[^\]]*\]\(img/([^)]+)\)"))
        {
            string made = Path.Combine(root, "runs", "learn", m.Groups[1].Value);
            Assert.True(File.Exists(made), $"{page}: no command on the page makes {m.Groups[1].Value} (expected runs/learn/{m.Groups[1].Value})");
            var committed = XDocument.Load(Path.Combine(LearnDir, "img", m.Groups[1].Value));
            Assert.Equal(Title(committed), Title(XDocument.Load(made)));
        }
    }

    [Theory, MemberData(nameof(Pages))]
    public void EveryCodeBlockIsWhatTheSampleRunsAndEveryLinkExists(string page)
    {
        string text = File.ReadAllText(Path.Combine(LearnDir, page));
        var sources = Directory.GetFiles(Path.Combine(Repo(), "samples", "Learn"), "*.cs").Select(f => Lines(File.ReadAllText(f))).ToList();
        foreach (var (lang, code) in Blocks(text))
        {
            Assert.True(lang is "sh" or "text" or "csharp", $"{page}: a ```{lang} block (only sh, text and csharp are checked)");
            if (lang == "csharp") Assert.True(sources.Any(s => Contains(s, Lines(code))), $"{page}: this C# block is not in samples/Learn:\n{code}");
        }
        foreach (Match m in Regex.Matches(text, @"\]\(([^)#]+)(#[^)]*)?\)"))
        {
            string target = m.Groups[1].Value;
            if (target.StartsWith("http")) continue;
            string path = Path.GetFullPath(Path.Combine(LearnDir, target));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{page}: the link {target} points at nothing");
        }
    }

    [Fact]
    public void TheHandWrittenGaeIsTheLibrarysGae()
    {
        var mine = AdvantageChapter.Run(TextWriter.Null);
        float[] rewards = [1, 1, 1, 1, 1], values = [2.5f, 1.8f, 0.9f, 3.0f, 2.7f];
        // the library's layout: episodeStarts[t] = done of step t − 1; dones = the last step's
        float[] starts = [0, 0, 0, 1, 0];
        var adv = new float[5];
        var ret = new float[5];
        Rein2.Pure.Algos.Gae.Compute(adv, ret, rewards, values, starts, [2.4f], [0f], 5, 1, 0.99, 0.95);
        Assert.Equal(adv, mine);
    }

    [Fact]
    public void TheGradientCheckPassesAndAdamFitsTheSine()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-learn-fit-").FullName;
        Assert.InRange(GradientCheckChapter.Run(TextWriter.Null, dir), 0, 1e-2);
        Assert.Equal(123, File.ReadAllLines(Path.Combine(dir, "gradcheck.csv")).Length);
        Assert.InRange(AdamChapter.Run(TextWriter.Null, dir), 0, 1e-3);
        Assert.Equal(2002, File.ReadAllLines(Path.Combine(dir, "adam.csv")).Length);
    }

    [Fact]
    public void TheOutputMatcherCanFail()
    {
        Assert.True(Matches("a …\n…\nz", "a 1.5 s\nb\nc\nz"));
        Assert.True(Matches("x", "x\n"));
        Assert.False(Matches("a 1\nz", "a 2\nz"));
        Assert.False(Matches("a\n…", "b\nc"));
        Assert.False(Matches("a", "a\nb"));
    }

    // `rein2 ARGS` or `dotnet run --project samples/Learn -- CHAPTER [DIR]`; paths under runs/ moved to root
    static string Run(string line, string root, string page)
    {
        var args = Tokens(line).Select(t => t.StartsWith("runs/") ? Path.Combine(root, t) : t).ToArray();
        if (args[0] == "rein2")
        {
            var (code, output, err) = CliRunner.Run(args[1..]);
            Assert.True(code == 0, $"{page}: `{line}` exited {code}: {err}");
            return output;
        }
        if (args.Length >= 3 && args[0] == "mkdir" && args[1] == "-p")   // the folder the outputs go to (rein2 makes none for an --out FILE)
        {
            foreach (string d in args[2..]) Directory.CreateDirectory(d);
            return "";
        }
        if (args.Length >= 6 && string.Join(' ', args[..5]) == "dotnet run --project samples/Learn --")
        {
            var o = new StringWriter();
            string dir = args.Length > 6 ? args[6] : Path.Combine(root, "runs", "learn");
            Assert.True(Chapters.All.TryGetValue(args[5], out var chapter), $"{page}: samples/Learn has no chapter '{args[5]}'");
            chapter!(o, dir);
            return o.ToString();
        }
        Assert.Fail($"{page}: `{line}` is neither a rein2 command, a mkdir -p nor a samples/Learn chapter, so no test can run it");
        return "";
    }

    // words split at spaces, "double quotes" grouping
    static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        foreach (Match m in Regex.Matches(line, "\"([^\"]*)\"|(\\S+)"))
            tokens.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        return tokens;
    }

    // expected lines against actual ones: "…" inside a line is any text, a line of only "…" any lines
    static bool Matches(string expected, string actual)
    {
        string[] e = expected.Replace("\r", "").TrimEnd('\n').Split('\n'), a = actual.Replace("\r", "").TrimEnd('\n').Split('\n');
        var memo = new Dictionary<(int, int), bool>();
        bool From(int i, int j)
        {
            if (memo.TryGetValue((i, j), out bool known)) return known;
            bool r;
            if (i == e.Length) r = j == a.Length;
            else if (e[i].Trim() == "…") r = From(i + 1, j) || (j < a.Length && From(i, j + 1));
            else r = j < a.Length && Regex.IsMatch(a[j].TrimEnd(), "^" + string.Join(".*", e[i].TrimEnd().Split('…').Select(Regex.Escape)) + "$") && From(i + 1, j + 1);
            return memo[(i, j)] = r;
        }
        return From(0, 0);
    }

    // a picture's own title: the plot's first text, or the animation's <title>
    static string Title(XDocument svg) =>
        svg.Root!.Elements().FirstOrDefault(e => e.Name.LocalName is "title" or "text")?.Value ?? "";
}
