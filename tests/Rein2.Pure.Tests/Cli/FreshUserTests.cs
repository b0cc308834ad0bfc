// What a newcomer meets first: every command answers --help, every built-in environment either trains
// with `rein2 train` or is refused with a reason, an output place that cannot be written is refused
// before any work, and the periodic checkpoint is by wall time, not a share of a short run.
using Rein2.Pure.Envs;

using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class FreshUserTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-fresh-user-").FullName;

    public static IEnumerable<object[]> CommandNames() =>
        Rein2.Cli.CommandHelp.Names.Select(c => new object[] { c });

    [Theory, MemberData(nameof(CommandNames))]
    public void EveryCommandAnswersHelp(string command)
    {
        var viaFlag = CliRunner.Run(command == "version" ? "--version" : command, "--help");
        var viaHelp = CliRunner.Run("help", command);
        Assert.Equal(0, viaFlag.Code);
        Assert.Equal(0, viaHelp.Code);
        Assert.Equal(viaHelp.Out, viaFlag.Out);
        string usage = $"rein2 {command}";
        Assert.Contains(usage, viaHelp.Out);
        Assert.Contains("Exit codes", viaHelp.Out);
        Assert.Equal("", viaHelp.Err);
    }

    [Fact]
    public void HelpForAnUnknownCommandIsAUsageError()
    {
        var r = CliRunner.Run("help", "frobnicate");
        Assert.Equal(2, r.Code);
        Assert.Contains("'frobnicate'", r.Err);
        Assert.Contains("train", r.Err);
    }

    [Fact]
    public void WholeHelpListsEveryCommandOnce()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.Code);
        foreach (var name in Rein2.Cli.CommandHelp.Names)
            Assert.Contains($"rein2 {name}", r.Out);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(r.Out, "Checkpoints:"));
    }

    // the help is the declarations: every flag of every command with its range or choices and its
    // default, and train's settings table with the library's own ranges and defaults
    [Fact]
    public void HelpPrintsEveryDeclaredFlagWithItsRangeAndDefault()
    {
        foreach (var spec in Rein2.Cli.Commands.All)
        {
            string whole = CliRunner.Run("help", spec.Name.Split(' ')[0]).Out;
            string help = whole[whole.IndexOf($"rein2 {spec.Name}", StringComparison.Ordinal)..];
            foreach (var f in spec.Flags)
            {
                var line = help.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(f.Name + " ") || l.Trim() == f.Name || l.TrimStart().StartsWith(f.Name + "  "));
                Assert.True(line != null, $"{spec.Name}: {f.Name} missing from its help");
                if (f.Default != null) Assert.Contains($"default {f.Default}", line);
                if (f.Kind is Rein2.Cli.FlagKind.Integer or Rein2.Cli.FlagKind.Number or Rein2.Cli.FlagKind.Seed) Assert.Contains(f.Allowed, line);
            }
        }
        string train = CliRunner.Run("train", "--help").Out;
        foreach (var s in Rein2.Pure.Meta.Rein2Keys.Table)
            Assert.Matches($@"\n    {System.Text.RegularExpressions.Regex.Escape(s.Key)} +{System.Text.RegularExpressions.Regex.Escape(s.Allowed)} \(default {System.Text.RegularExpressions.Regex.Escape(s.Text(new Rein2.Pure.Meta.Rein2Options()))}\)", train);
    }

    public static IEnumerable<object[]> EnvIds() => EnvRegistry.BuiltInIds.Select(id => new object[] { id });

    [Theory, MemberData(nameof(EnvIds))]
    public void EveryBuiltInEnvironmentTrains(string id)
    {
        // Discrete: a greedy Q-network; Box (issue 32): a deterministic actor
        string outDir = Path.Combine(Dir, $"env-{id}");
        var r = CliRunner.Run("train", "--env", id, "--steps", "2", "--episodes", "1", "--set", "final_episodes=1", "--set", "inner_net_arch=8,8", "--out", outDir);
        Assert.True(r.Code == 0, r.Err);
        var agent = Rein2.Pure.Io.AgentFile.Load(Path.Combine(outDir, "best.agent"));
        Assert.Equal(EnvRegistry.Make(id).ActionSpace is DiscreteSpace, agent is Rein2.Pure.Algos.QAgent);
    }

    [Fact]
    public void AnOutputPathThatIsAFileIsRefusedBeforeAnyWork()
    {
        string file = Path.Combine(Dir, "a-file");
        File.WriteAllText(file, "x");
        foreach (var command in new[] { "train", "baseline" })
        {
            var r = CliRunner.Run(command, "--out", file, "--steps", "100000000");
            Assert.Equal(2, r.Code);
            Assert.Contains(file, r.Err);
            Assert.Contains("existing file", r.Err);
            Assert.Equal("x", File.ReadAllText(file));
        }
    }

    [Fact]
    public void AnOutputPathThatCannotBeCreatedIsRefusedBeforeAnyWork()
    {
        string file = Path.Combine(Dir, "blocker");
        File.WriteAllText(file, "x");
        string under = Path.Combine(file, "run"); // a directory cannot be made under a file
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var args in new[] { new[] { "train", "--out", under, "--steps", "100000000" },
                                     new[] { "baseline", "--out", under, "--steps", "100000000" },
                                     new[] { "reproduce", "table1", "--out", under } })
        {
            var r = CliRunner.Run(args);
            Assert.Equal(2, r.Code);
            Assert.Contains(under, r.Err);
            Assert.Contains("cannot be written", r.Err);
        }
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "the refusal came after work was spent");
    }

    [Fact]
    public void TheDefaultShortJobWritesOnlyItsFinalCheckpoint()
    {
        // 50 meta steps take far less than the 5-minute default interval: exactly one checkpoint,
        // the final one, and it resumes (extends) like any other.
        string outDir = Path.Combine(Dir, "short");
        var r = CliRunner.Run("train", "--steps", "50", "--episodes", "1", "--set", "final_episodes=1", "--set", "inner_net_arch=8,8", "--out", outDir);
        Assert.True(r.Code == 0, r.Err);
        Assert.True(File.Exists(Path.Combine(outDir, "checkpoint.bin")));
    }

    [Fact]
    public void BadCheckpointMinutesAreAUsageError()
    {
        var r = CliRunner.Run("train", "--checkpoint-minutes", "soon", "--out", Path.Combine(Dir, "bad-min"));
        Assert.Equal(2, r.Code);
        Assert.Contains("--checkpoint-minutes", r.Err);
        Assert.Contains("soon is not a number", r.Err);
    }
}
