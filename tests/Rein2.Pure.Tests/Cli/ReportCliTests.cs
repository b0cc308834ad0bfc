// `rein2 report`: for each run kind (train, baseline, reproduce table1) one self-contained HTML page
// — no script, no external reference of any kind, every inline SVG well-formed, one episode
// animation per agent — that says what was run and shows the run's own numbers; damaged or foreign
// directories refused by name. The same pages are loaded in headless Chromium by CI
// (tools/BrowserCheck); these checks need no browser.
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public sealed class ReportRuns
{
    public readonly string Root = Directory.CreateTempSubdirectory("rein2-report-").FullName;
    public string Train => Path.Combine(Root, "train");
    public string Baseline => Path.Combine(Root, "baseline");
    public string Table1 => Path.Combine(Root, "table1");
    public string Meta => Path.Combine(Root, "meta");

    public ReportRuns()
    {
        Must(CliRunner.Run("train", "--env", "CartPole-v1", "--meta", "random", "--steps", "40", "--set", "final_episodes=5", "--out", Train));
        Must(CliRunner.Run("baseline", "--algo", "dqn", "--env", "CartPole-v1", "--steps", "3000", "--eval-episodes", "2", "--out", Baseline));
        Must(CliRunner.Run("reproduce", "table1", "--scale", "0.002", "--seeds", "1", "--out", Table1));
        Must(CliRunner.Run("reproduce", "meta", "--seeds", "2", "--scale", "0.01", "--methods", "random,es,ppo", "--out", Meta));
    }

    static void Must((int Code, string Out, string Err) r) => Assert.True(r.Code == 0, r.Err);
}

public class ReportCliTests(ReportRuns runs) : IClassFixture<ReportRuns>
{
    static string Report(string dir)
    {
        var r = CliRunner.Run("report", dir);
        Assert.True(r.Code == 0, r.Err);
        return File.ReadAllText(Path.Combine(dir, "report.html"));
    }

    // self-contained: nothing a browser would fetch, no script; every inline SVG parses as XML
    static void AssertSelfContained(string html, int animations)
    {
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Matches("<title>[^<]+</title>", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("@media print", html);
        foreach (var forbidden in new[] { "<script", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img" })
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        // the only URL anywhere is the SVG namespace, which is a name, not a request
        Assert.Empty(Regex.Matches(html, "https?://(?!www\\.w3\\.org/2000/svg\")").Cast<Match>());
        var svgs = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.NotEmpty(svgs);
        foreach (var svg in svgs) Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        Assert.Equal(animations, Regex.Matches(html, "<figure class=\"animation\">").Count);
        Assert.Equal(animations, svgs.Count(s => s.Contains("<animateTransform")));
    }

    [Fact]
    public void ATrainRunGetsOnePageWithItsCommandNumbersCurveAndAgent()
    {
        string html = Report(runs.Train);
        AssertSelfContained(html, animations: 1);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Train, "summary.json"))).RootElement;
        Assert.Contains($"rein2 train --env CartPole-v1 --meta random --steps 40 --set final_episodes=5 --out {runs.Train}", html);
        Assert.Contains(summary.GetProperty("final_eval_mean").GetDouble().ToString("F1", CultureInfo.InvariantCulture), html);
        Assert.Contains(summary.GetProperty("best_mean").GetDouble().ToString("F1", CultureInfo.InvariantCulture), html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Rein2.Pure.SimdPaths.Describe()), html);
        Assert.Contains("inner_net_arch", html); // every setting, not a selection
        Assert.Contains("CartPole-v1: the produced agents", html);
    }

    [Fact]
    public void ABaselineRunShowsItsEvaluationsTrainingEpisodesAndModel()
    {
        string html = Report(runs.Baseline);
        AssertSelfContained(html, animations: 1);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Baseline, "summary.json"))).RootElement;
        Assert.Contains(summary.GetProperty("final_eval_mean").GetDouble().ToString("F1", CultureInfo.InvariantCulture), html);
        Assert.Contains("DQN evaluations", html);
        Assert.Contains("DQN training episodes", html);
        Assert.Contains("model.bin", html);
        Assert.Contains("exploration_fraction", html);
    }

    [Fact]
    public void ATable1RunShowsTheTableWithThePapersValuesCurvesAndEachEnvsBestAgent()
    {
        string html = Report(runs.Table1);
        AssertSelfContained(html, animations: 3);
        foreach (var paper in new[] { "466.96", "-94.05", "-122.37" }) Assert.Contains($"paper {paper}", html);
        foreach (var env in new[] { "CartPole-v1", "Acrobot-v1", "MountainCar-v0" })
        {
            Assert.Contains($"<h2 id=\"{env}\">", html);
            Assert.Contains($"{env}-best.agent", html);
            Assert.Contains($"{env}: REIN-2 and the random-search control", html);
        }
        // six rows per env, each with three snapshot cells
        Assert.Equal(18, Regex.Matches(html, "<tr><th scope=\"row\">(PPO|A2C|REIN-2|random|OpenAI)").Count);
    }

    [Fact]
    public void AMetaProtocolRunShowsItsTablesCurvesAndTheBestAgentsOfRandomSearchAndTheBestLearner()
    {
        string html = Report(runs.Meta);
        AssertSelfContained(html, animations: 6); // per env: random search's best agent and the best other method's
        foreach (var env in new[] { "Acrobot-v1", "MountainCar-v0", "CartPole-v1" })
        {
            Assert.Contains($"<h2 id=\"{env}\">", html);
            Assert.Contains($"agents/{env}-random.agent", html);
            Assert.Contains($"{env}: the agents each method produces", html);
        }
        Assert.Contains("<th scope=\"col\">Wilcoxon p</th>", html);
        // per env: random, es and ppo against random search, and ppo against ES
        Assert.Equal(12, Regex.Matches(html, "<tr><th scope=\"row\">(random|es|ppo)</th>").Count);
        Assert.Contains("<th scope=\"col\">Wilcoxon p vs es</th>", html);
        Assert.Contains("rein2 reproduce meta --seeds 2 --scale 0.01 --methods random,es,ppo", html);
    }

    [Fact]
    public void AContinuousControlBaselineGetsItsAnimationToo()
    {
        string dir = Path.Combine(runs.Root, "pendulum");
        var train = CliRunner.Run("baseline", "--algo", "ppo", "--env", "Pendulum-v1", "--steps", "2048", "--eval-episodes", "1", "--out", dir);
        Assert.True(train.Code == 0, train.Err);
        string html = Report(dir);
        AssertSelfContained(html, animations: 1);
        Assert.Contains("PPO on Pendulum-v1", html);
    }

    [Fact]
    public void OutWritesElsewhereAndDamagedOrForeignDirectoriesAreRefusedByName()
    {
        string other = Path.Combine(runs.Root, "elsewhere", "r.html");
        var missing = CliRunner.Run("report", runs.Train, "--out", other);   // an output file's folder is never made for it
        Assert.Equal(2, missing.Code);
        Assert.Contains("does not exist; create it first", missing.Err);
        Assert.False(Directory.Exists(Path.GetDirectoryName(other)));
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        Assert.Equal(0, CliRunner.Run("report", runs.Train, "--out", other).Code);
        Assert.True(File.Exists(other));

        string empty = Directory.CreateTempSubdirectory("rein2-report-empty-").FullName;
        var none = CliRunner.Run("report", empty);
        Assert.Equal(2, none.Code);
        Assert.Contains(empty, none.Err);
        Assert.Contains("summary.json", none.Err);
        Assert.Equal(2, CliRunner.Run("report", Path.Combine(empty, "missing")).Code);

        // an old table1 directory (no table1.json)
        string old = Directory.CreateTempSubdirectory("rein2-report-old-").FullName;
        File.WriteAllText(Path.Combine(old, "table1.md"), "# Table 1\n");
        Assert.Contains("table1.json", CliRunner.Run("report", old).Err);

        // a copy of the train run with its log damaged, then its agent gone
        string copy = Directory.CreateTempSubdirectory("rein2-report-bad-").FullName;
        foreach (var f in Directory.GetFiles(runs.Train)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var lines = File.ReadAllLines(Path.Combine(copy, "progress.csv"));
        lines[3] = "3,x,0,1,1";
        File.WriteAllLines(Path.Combine(copy, "progress.csv"), lines);
        var bad = CliRunner.Run("report", copy);
        Assert.Equal(2, bad.Code);
        Assert.Contains("progress.csv, line 4", bad.Err);
        File.Copy(Path.Combine(runs.Train, "progress.csv"), Path.Combine(copy, "progress.csv"), overwrite: true);
        File.Delete(Path.Combine(copy, "best.agent"));
        var gone = CliRunner.Run("report", copy);
        Assert.Equal(2, gone.Code);
        Assert.Contains("best.agent is missing", gone.Err);
        File.Copy(Path.Combine(runs.Train, "best.agent"), Path.Combine(copy, "best.agent"));
        File.WriteAllText(Path.Combine(copy, "summary.json"), File.ReadAllText(Path.Combine(runs.Train, "summary.json")).Replace("\"seed\": 0", "\"seed\": -3"));
        var seed = CliRunner.Run("report", copy);
        Assert.Equal(2, seed.Code);
        Assert.Contains("seed '-3'", seed.Err);
        File.WriteAllText(Path.Combine(copy, "summary.json"), "{ not json");
        // JSON errors in the project's words: the file, line and column, no .NET reader jargon
        string err = CliRunner.Run("report", copy).Err;
        Assert.Matches(@"summary\.json, line 1, column 3: '?n'? is an invalid start of a (property name|value)", err);
        Assert.DoesNotContain("BytePositionInLine", err);
    }

    static string CopyOf(string run)
    {
        string copy = Directory.CreateTempSubdirectory("rein2-report-mixed-").FullName;
        foreach (var f in Directory.GetFiles(run)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        return copy;
    }

    [Theory]
    [InlineData("train", "model.bin", "a train run and model.bin")]
    [InlineData("train", "monitor.csv", "a train run and monitor.csv")]
    [InlineData("baseline", "best.agent", "a baseline run and best.agent")]
    [InlineData("train", "progress.csv", "a train run and progress.csv of another kind of run")]
    [InlineData("baseline", "progress.csv", "a baseline run and progress.csv of another kind of run")]
    [InlineData("table1", "summary.json", "a table1 run and summary.json")]
    [InlineData("meta", "table1.md", "a meta run and table1.md")]
    public void ADirectoryMixingTwoRunsIsRefused(string kind, string intruder, string expected)
    {
        string from = kind switch { "train" => runs.Train, "baseline" => runs.Baseline, "table1" => runs.Table1, _ => runs.Meta };
        string donor = kind == "train" ? runs.Baseline : kind == "baseline" ? runs.Train : intruder == "table1.md" ? runs.Table1 : runs.Train;
        string copy = CopyOf(from);
        File.Copy(Path.Combine(donor, intruder), Path.Combine(copy, intruder), overwrite: true);
        var r = CliRunner.Run("report", copy);
        Assert.Equal(2, r.Code);
        Assert.Contains($"{copy} mixes two runs: {expected}", r.Err);
        Assert.False(File.Exists(Path.Combine(copy, "report.html")));
    }

    [Fact]
    public void OutNeverReplacesAProjectFileAnInputOrADirectory()
    {
        string copy = CopyOf(runs.Train);
        string agent = Path.Combine(copy, "best.agent");
        byte[] before = File.ReadAllBytes(agent);
        string renamedCheckpoint = Path.Combine(copy, "ck.html");
        File.Copy(Path.Combine(copy, "checkpoint.bin"), renamedCheckpoint);
        foreach (var (args, says) in new (string[], string)[]
        {
            (["report", copy, "--out", Path.Combine(copy, "summary.json")], "would replace a file the project writes for itself (summary.json)"),
            (["report", copy, "--out", renamedCheckpoint], "would replace a file the project writes for itself (ck.html)"),
            (["report", copy, "--out", copy], "is a directory"),
            (["render", agent, "--out", agent], "is also an input of this command"),
            (["render", agent, "--out", Path.Combine(copy, "progress.csv")], "(progress.csv)"),
            (["plot", Path.Combine(copy, "progress.csv") + "=mine", "--y", "reward", "--out", Path.Combine(copy, "progress.csv")], "is also an input"),
            (["plot", Path.Combine(copy, "progress.csv"), "--y", "reward", "--out", Path.Combine(runs.Table1, "table1.json")], "(table1.json)"),
        })
        {
            var r = CliRunner.Run(args);
            Assert.True(r.Code == 2, $"{string.Join(' ', args)}: exit {r.Code} {r.Err}");
            Assert.Contains(says, r.Err);
        }
        Assert.Equal(before, File.ReadAllBytes(agent));
        Assert.Equal(File.ReadAllBytes(Path.Combine(copy, "checkpoint.bin")), File.ReadAllBytes(renamedCheckpoint));
    }

    [Fact]
    public void TextFromARunIsEscapedNeverMarkup()
    {
        var page = new Rein2.Cli.HtmlPage("<script>alert(1)</script>");
        page.KeyValues([("<img src=x>", "a & b")]).Code("rein2 train --out '<iframe>'").Paragraph("1 < 2");
        string html = page.ToString();
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<iframe>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("a &amp; b", html);
        Assert.Contains("1 &lt; 2", html);
    }

    [Fact]
    public void TheCommandIsRecordedAsItWouldBeTyped()
    {
        Assert.Equal("rein2 train --env CartPole-v1 --set 'a=b c' 'it'\\''s'", Rein2.Cli.RunStamp.Command(["train", "--env", "CartPole-v1", "--set", "a=b c", "it's"]));
        Assert.Equal("rein2 report ''", Rein2.Cli.RunStamp.Command(["report", ""]));
    }
}
