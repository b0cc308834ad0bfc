// The run directory under real processes, as the README promises: one process per run directory
// (another `train --out`/`--resume`/`baseline` is refused naming the holder), a holder killed with
// SIGKILL leaves nothing stuck (its lock and temporary files are cleared by the next resume), a run
// killed over and over ends bit-identical to one never interrupted, a run that would mix with another
// is refused unless --overwrite, and a checkpoint from another numeric path (a child process with
// hardware intrinsics off) is refused unless --allow-other-numeric-path.
using System.Diagnostics;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class RunDirectoryCliTests
{
    static readonly string[] Small = ["--episodes", "3", "--set", "final_episodes=5"];

    static string NewDir() => Path.Combine(Directory.CreateTempSubdirectory("rein2-rundir-").FullName, "run");

    static Process Start(string[] args, params (string Key, string Value)[] env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rein2.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEndAsync();
        return p;
    }

    static void WaitFor(Func<bool> condition, Process holder)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (holder.HasExited) Assert.Fail($"the run ended before the test could act: {holder.StandardError.ReadToEnd()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "timed out");
            Thread.Sleep(10);
        }
    }

    static DateTime CheckpointTime(string dir) => File.GetLastWriteTimeUtc(Path.Combine(dir, "checkpoint.bin"));

    static void KillHard(Process p)
    {
        p.Kill(); // SIGKILL: no handler runs, the lock and any temporary file stay behind
        p.WaitForExit();
    }

    [Fact]
    public void ARunningDirectoryIsRefusedToEveryOtherProcessAndFreedWhenItsHolderDies()
    {
        string dir = NewDir();
        using var holder = Start(["train", "--steps", "60000", .. Small, "--checkpoint-every", "500", "--out", dir]);
        WaitFor(() => File.Exists(Path.Combine(dir, "checkpoint.bin")), holder);
        foreach (string[] other in new string[][]
        {
            ["train", "--out", dir, "--overwrite", "--steps", "10"],
            ["train", "--resume", dir],
            ["baseline", "--algo", "dqn", "--steps", "500", "--out", dir, "--overwrite"],
        })
        {
            var (code, _, err) = CliRunner.Run(other);
            Assert.True(code == 2, $"{string.Join(' ', other)}: exit {code}: {err}");
            Assert.Contains($"process {holder.Id}", err);
        }
        KillHard(holder);
        Assert.True(File.Exists(Path.Combine(dir, "run.lock")));

        var (c, _, e) = CliRunner.Run("train", "--resume", dir, "--steps", "6000");
        Assert.True(c == 0, e);
        Assert.Contains("no longer running; the lock is taken over", e);
        Assert.False(File.Exists(Path.Combine(dir, "run.lock")));
    }

    [Fact]
    public void ARunKilledOverAndOverEndsIdenticalToOneNeverInterrupted()
    {
        string[] args = ["train", "--steps", "6000", .. Small, "--checkpoint-every", "500", "--checkpoint-minutes", "0"];
        string full = NewDir(), cut = NewDir();
        Assert.Equal(0, CliRunner.Run([.. args, "--out", full]).Code);

        var first = Start([.. args, "--out", cut]);
        WaitFor(() => File.Exists(Path.Combine(cut, "checkpoint.bin")), first);
        KillHard(first);
        for (int kill = 0; kill < 2; kill++)
        {
            DateTime before = CheckpointTime(cut);
            using var p = Start(["train", "--resume", cut]);
            WaitFor(() => CheckpointTime(cut) != before, p); // a new checkpoint, then die mid-interval
            Thread.Sleep(60);
            KillHard(p);
        }
        var (code, _, err) = CliRunner.Run("train", "--resume", cut);
        Assert.True(code == 0, err);

        Assert.Equal(File.ReadAllBytes(Path.Combine(full, "best.agent")), File.ReadAllBytes(Path.Combine(cut, "best.agent")));
        Assert.Equal(WithoutWall(full), WithoutWall(cut));
        Assert.Equal(["best.agent", "checkpoint.bin", "progress.csv", "summary.json"], Directory.GetFiles(cut).Select(Path.GetFileName).Order());
    }

    // progress.csv of train without its wall-clock column (the third)
    static string[] WithoutWall(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "progress.csv")).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 2))).ToArray();

    [Fact]
    public void ARunIsNeverWrittenOverAnotherUnlessAskedTo()
    {
        string dir = NewDir();
        Assert.Equal(0, CliRunner.Run(["train", "--steps", "20", .. Small, "--out", dir]).Code);
        byte[] agent = File.ReadAllBytes(Path.Combine(dir, "best.agent"));
        foreach (string[] other in new string[][]
        {
            ["train", "--steps", "20", "--seed", "1", .. Small, "--out", dir],
            ["baseline", "--algo", "dqn", "--steps", "500", "--out", dir],
        })
        {
            var (code, _, err) = CliRunner.Run(other);
            Assert.Equal(2, code);
            Assert.Contains($"{dir} already holds a run (checkpoint.bin, progress.csv, summary.json, best.agent). Continue it with: rein2 train --resume {dir}", err);
            Assert.Contains("add --overwrite to replace it", err);
        }
        Assert.Equal(agent, File.ReadAllBytes(Path.Combine(dir, "best.agent")));

        // --overwrite replaces the run's files: the result is the new run's alone (no best.agent of the old)
        var (c, _, e) = CliRunner.Run("baseline", "--algo", "dqn", "--steps", "500", "--eval-episodes", "2", "--out", dir, "--overwrite");
        Assert.True(c == 0, e);
        Assert.Equal(["checkpoint.bin", "model.bin", "monitor.csv", "progress.csv", "summary.json"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ACheckpointFromAnotherNumericPathIsRefusedUnlessAllowed()
    {
        string dir = NewDir();
        using (var scalar = Start(["train", "--steps", "40", .. Small, "--out", dir], ("DOTNET_EnableHWIntrinsic", "0")))
        {
            scalar.WaitForExit();
            Assert.True(scalar.ExitCode == 0, scalar.StandardError.ReadToEnd());
        }
        var (code, _, err) = CliRunner.Run("train", "--resume", dir, "--steps", "60");
        Assert.Equal(2, code);
        Assert.Contains("the numeric path 'Scalar", err);
        Assert.Contains($"here it is '{SimdPaths.NumericPath}'", err);

        var (allowed, _, e2) = CliRunner.Run("train", "--resume", dir, "--steps", "60", "--allow-other-numeric-path");
        Assert.True(allowed == 0, e2);
        Assert.Contains("\"resumed_on_other_numeric_path\": true", File.ReadAllText(Path.Combine(dir, "summary.json")));
    }

    // issue 31: a resume of a run still starting (no checkpoint yet) names its holder, not "no checkpoint"
    [Fact]
    public void AResumeOfARunWithNoCheckpointYetNamesItsHolder()
    {
        string dir = NewDir();
        using var holder = Start(["train", "--steps", "100000000", .. Small, "--checkpoint-minutes", "0", "--out", dir]);
        WaitFor(() => File.Exists(Path.Combine(dir, "holder.txt")) && File.Exists(Path.Combine(dir, "progress.csv")), holder);
        var (code, _, err) = CliRunner.Run("train", "--resume", dir);
        KillHard(holder);
        Assert.True(code == 2, err);
        Assert.Contains($"in use by another process: process {holder.Id}", err);
        Assert.DoesNotContain("no checkpoint", err);
    }

    // issue 31: the lock is the OS's, held for the run's life, so a holder file naming a live process
    // that holds no lock (a pid reused after a reboot, PID 1 in a container) never blocks the directory
    [Theory]
    [InlineData("holder.txt")]
    [InlineData("run.lock")]   // as an older rein2 left it
    public void ALockNamingAnInnocentLiveProcessIsTakenOver(string file)
    {
        string dir = NewDir();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, file), $"pid 1\nhost {Environment.MachineName}\nstarted 2026-01-01T00:00:00Z\n");
        var (code, _, err) = CliRunner.Run(["train", "--steps", "5", .. Small, "--out", dir]);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("stop it first", err);
        Assert.False(File.Exists(Path.Combine(dir, "run.lock")));
        Assert.False(File.Exists(Path.Combine(dir, "holder.txt")));
    }
}
