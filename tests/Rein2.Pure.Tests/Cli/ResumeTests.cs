// Checkpoint and resume: an interrupted run, resumed, must finish bit-identical to a run that was never
// interrupted — same agent/model bytes, same monitor.csv, same progress.csv apart from the wall-clock
// column. Interruption points: a shorter --steps run extended with --resume --steps N (REIN-2), an
// interrupt token cancelled when the k-th progress line appears (every command, several points, twice
// in one run), and a real SIGINT sent to a separate rein2 process.
using Rein2.Pure.Tests.Support;
using System.Diagnostics;

namespace Rein2.Pure.Tests.Cli;

public class ResumeTests
{
    static readonly string[] SmallTrain = ["--episodes", "3", "--set", "final_episodes=5"];

    static (int Code, string Err) Rein2(string[] args, CancellationToken interrupt = default, TextWriter? stdout = null)
    {
        var (code, _, err) = CliRunner.Run(args, interrupt, stdout);
        return (code, err);
    }

    static string NewDir() => Directory.CreateTempSubdirectory("rein2-resume-").FullName;

    // progress.csv without its wall-clock column
    static string[] WithoutWall(string dir, int wallColumn) =>
        File.ReadAllLines(Path.Combine(dir, "progress.csv")).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != wallColumn))).ToArray();

    static void AssertSameRun(string expected, string actual, string modelFile, int wallColumn)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(expected, modelFile)), File.ReadAllBytes(Path.Combine(actual, modelFile)));
        Assert.Equal(WithoutWall(expected, wallColumn), WithoutWall(actual, wallColumn));
        if (File.Exists(Path.Combine(expected, "monitor.csv")))
            Assert.Equal(File.ReadAllText(Path.Combine(expected, "monitor.csv")), File.ReadAllText(Path.Combine(actual, "monitor.csv")));
    }

    // Cancels the interrupt token when the k-th progress line is written (a user pressing Ctrl-C on seeing it).
    sealed class InterruptOnLine(int k, CancellationTokenSource cts) : StringWriter
    {
        int _lines;
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value != null && value.Contains(" steps ") && ++_lines == k) cts.Cancel();
        }
    }

    static (int Code, string Err) RunInterruptedAt(string[] args, int line)
    {
        using var cts = new CancellationTokenSource();
        return Rein2(args, cts.Token, new InterruptOnLine(line, cts));
    }

    [Theory]
    [InlineData("ppo", 1)]
    [InlineData("ppo", 23)]
    [InlineData("ppo", 32)]
    [InlineData("a2c", 7)]
    [InlineData("a2c", 40)]
    [InlineData("random", 13)]
    public void TrainExtendedWithResumeEqualsOneLongRun(string meta, int firstSteps)
    {
        // meta n_steps 16: updates at 16, 32 and 48, so the splits fall before, at and between updates
        string[] metaSets = meta == "random" ? [] : ["--set", "meta.n_steps=16", .. (meta == "ppo" ? new[] { "--set", "meta.batch_size=8" } : [])];
        string full = NewDir(), split = NewDir();
        Assert.Equal(0, Rein2(["train", "--meta", meta, "--steps", "48", "--out", full, .. SmallTrain, .. metaSets]).Code);
        Assert.Equal(0, Rein2(["train", "--meta", meta, "--steps", firstSteps.ToString(), "--out", split, .. SmallTrain, .. metaSets]).Code);
        var (code, err) = Rein2(["train", "--resume", split, "--steps", "48"]);
        Assert.True(code == 0, err);
        AssertSameRun(full, split, "best.agent", wallColumn: 2);
        Assert.Equal(49, File.ReadAllLines(Path.Combine(split, "progress.csv")).Length);
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(9, 1)]
    public void TrainInterruptedTwiceThenResumedEqualsUninterrupted(int firstLine, int secondLine)
    {
        string[] args = ["train", "--steps", "200", .. SmallTrain, "--set", "meta.n_steps=32", "--set", "meta.batch_size=16"];
        string full = NewDir(), cut = NewDir();
        Assert.Equal(0, Rein2([.. args, "--out", full]).Code);
        var first = RunInterruptedAt([.. args, "--out", cut], firstLine);
        Assert.True(first.Code == 130, first.Err);
        Assert.Contains("--resume", first.Err);
        var second = RunInterruptedAt(["train", "--resume", cut], secondLine);
        Assert.True(second.Code == 130, second.Err);
        var last = Rein2(["train", "--resume", cut]);
        Assert.True(last.Code == 0, last.Err);
        AssertSameRun(full, cut, "best.agent", wallColumn: 2);
    }

    [Theory]
    [InlineData("ppo", 2)]
    [InlineData("ppo", 6)]
    [InlineData("a2c", 4)]
    [InlineData("dqn", 3)]
    public void BaselineInterruptedTwiceThenResumedEqualsUninterrupted(string algo, int firstLine)
    {
        string[] args = ["baseline", "--algo", algo, "--steps", "3000", "--eval-every", "500", "--eval-episodes", "2", .. (algo == "dqn" ? new[] { "--set", "learning_starts=500" } : [])];
        string full = NewDir(), cut = NewDir();
        var (fullCode, fullErr) = Rein2([.. args, "--out", full]);
        Assert.True(fullCode == 0, fullErr);
        var first = RunInterruptedAt([.. args, "--out", cut], firstLine);
        Assert.True(first.Code == 130, first.Err);
        var second = RunInterruptedAt(["baseline", "--resume", cut], 2);
        Assert.True(second.Code == 130, second.Err);
        var last = Rein2(["baseline", "--resume", cut]);
        Assert.True(last.Code == 0, last.Err);
        AssertSameRun(full, cut, "model.bin", wallColumn: 1);
    }

    [Fact]
    public void ResumeRejectsSettingFlagsAndMissingOrForeignCheckpoints()
    {
        string dir = NewDir();
        Assert.Equal(0, Rein2(["train", "--steps", "3", "--out", dir, .. SmallTrain]).Code);
        var (code, err) = Rein2(["train", "--resume", dir, "--rbv", "0.5"]);
        Assert.Equal(2, code);
        Assert.Contains("--rbv", err);
        (code, err) = Rein2(["baseline", "--resume", dir]);
        Assert.Equal(2, code);
        Assert.Contains("checkpoint", err);
        (code, err) = Rein2(["train", "--resume", dir, "--steps", "2"]);
        Assert.Equal(2, code);
        Assert.Contains("already taken", err);
        (code, err) = Rein2(["train", "--resume", Path.Combine(dir, "nothing-here")]);
        Assert.Equal(2, code);
        Assert.Contains("no such run directory", err);
    }

    [Fact]
    public async Task RealSigintWritesACheckpointAndTheResumedRunMatches()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "rein2.dll");
        string cut = NewDir(), full = NewDir();
        // long enough (several seconds even at the CLI's full speed) that the signal lands mid-run
        string[] args = ["train", "--steps", "12000", "--episodes", "10", "--set", "final_episodes=5", "--checkpoint-every", "0"];
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[dll, .. args, "--out", cut]) psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi)!;
        var errTask = proc.StandardError.ReadToEndAsync();
        // wait for the first progress line (600 meta steps), then press "Ctrl-C"
        string? line;
        while ((line = await proc.StandardOutput.ReadLineAsync()) != null && !line.Contains("meta steps")) { }
        Assert.NotNull(line);
        using (var kill = Process.Start("kill", ["-INT", proc.Id.ToString()])) kill.WaitForExit();
        var rest = proc.StandardOutput.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(60_000)) await proc.WaitForExitAsync(timeout.Token);
        string err = await errTask;
        Assert.True(proc.ExitCode == 130, $"exit {proc.ExitCode}: {err} {await rest}");
        Assert.Contains("checkpoint written", err);
        long doneAtSignal = File.ReadAllLines(Path.Combine(cut, "progress.csv")).Length - 1;
        Assert.InRange(doneAtSignal, 600, 11999);

        var (code, resumeErr) = Rein2(["train", "--resume", cut]);
        Assert.True(code == 0, resumeErr);
        Assert.Equal(0, Rein2([.. args, "--out", full]).Code);
        AssertSameRun(full, cut, "best.agent", wallColumn: 2);
    }

    // Ctrl-C only turns into "checkpoint and exit" for training runs: any other command (here rollout,
    // blocked reading standard input) must stop at the first SIGINT, not swallow it.
    [Fact]
    public async Task SigintStopsACommandWithoutCheckpointsAtOnce()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "rein2.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[dll, "rollout", "--env", "CartPole-v1"]) psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi)!;
        string? first = await proc.StandardOutput.ReadLineAsync(); // the reset line: it is now waiting for actions
        Assert.NotNull(first);
        using (var kill = Process.Start("kill", ["-INT", proc.Id.ToString()])) kill.WaitForExit();
        using var timeout = new CancellationTokenSource(20_000);
        await proc.WaitForExitAsync(timeout.Token);
        Assert.NotEqual(0, proc.ExitCode);
    }
}
