// `reproduce table1|meta` stopped by Ctrl-C or SIGTERM keep their finished jobs, checkpoint the
// running ones, print the command that continues and exit 130; the same command again continues and
// ends with exactly the results of a run never interrupted (wall-clock fields aside).
using System.Diagnostics;
using System.Text.Json.Nodes;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class ReproduceInterruptTests
{
    // cancels the interrupt once the n-th job line is printed: later jobs are mid-run or not started
    sealed class CancelAfterJobs(CancellationTokenSource cts, int n) : StringWriter
    {
        int _jobs;
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith('[') == true && ++_jobs == n) cts.Cancel();
        }
    }

    /// <summary>The jobs of a grid directory that hold <paramref name="file"/> (result.bin: finished; checkpoint.bin: checkpointed).</summary>
    internal static int JobsWith(string dir, string file) =>
        Directory.Exists(Path.Combine(dir, "jobs")) ? Directory.GetDirectories(Path.Combine(dir, "jobs")).Count(j => File.Exists(Path.Combine(j, file))) : 0;

    internal static JsonNode WithoutWallClock(string path)
    {
        var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var k in new[] { "wall_min", "command" }) o.Remove(k);
        return o;
    }

    static void InterruptThenContinue(string[] args, string result, Func<string, string> comparable)
    {
        string whole = Directory.CreateTempSubdirectory("rein2-repro-whole-").FullName, cut = Directory.CreateTempSubdirectory("rein2-repro-cut-").FullName;
        var w = CliRunner.Run([.. args, "--out", whole]);
        Assert.True(w.Code == 0, w.Err);

        using var cts = new CancellationTokenSource();
        var first = CliRunner.Run([.. args, "--out", cut], cts.Token, new CancelAfterJobs(cts, 1));
        Assert.True(first.Code == 130, $"exit {first.Code}: {first.Err}");
        Assert.Contains("interrupted: ", first.Err);
        Assert.Contains($"Continue with the same command: rein2 {string.Join(' ', args)} --out {cut}", first.Err);
        Assert.False(File.Exists(Path.Combine(cut, result)));
        int done = JobsWith(cut, "result.bin"), jobs = JobsWith(whole, "result.bin");
        Assert.InRange(done, 1, jobs - 1);
        // the other worker was mid-job when the interrupt came: it is checkpointed (unless it had just finished)
        Assert.True(JobsWith(cut, "checkpoint.bin") + done >= 2, "the running job was neither finished nor checkpointed");

        var again = CliRunner.Run([.. args, "--out", cut]);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("kept from an earlier run", again.Out);
        Assert.Equal(comparable(Path.Combine(whole, result)), comparable(Path.Combine(cut, result)));
        Assert.Equal(0, JobsWith(cut, "checkpoint.bin"));
    }

    [Fact]
    public void Table1ContinuesWhereItStoppedAndEndsAsAnUninterruptedRun() =>
        InterruptThenContinue(["reproduce", "table1", "--scale", "0.01", "--seeds", "1"], "table1.json", p => WithoutWallClock(p).ToJsonString());

    [Fact]
    public void MetaContinuesWhereItStoppedAndEndsAsAnUninterruptedRun() =>
        InterruptThenContinue(["reproduce", "meta", "--seeds", "2", "--scale", "0.02", "--envs", "Acrobot-v1", "--methods", "random,es,ppo"], "runs.jsonl", File.ReadAllText);

    // jobs are deterministic on their own: the number run at once changes only the wall time
    [Fact]
    public void ResultsAreTheSameForEveryThreadCount()
    {
        string[] args = ["reproduce", "table1", "--scale", "0.005", "--seeds", "1"];
        var results = new[] { "1", "3" }.Select(threads =>
        {
            string dir = Directory.CreateTempSubdirectory($"rein2-repro-threads{threads}-").FullName;
            var r = CliRunner.Run([.. args, "--threads", threads, "--out", dir]);
            Assert.True(r.Code == 0, r.Err);
            Assert.Contains($"{threads} job(s) at once", File.ReadAllText(Path.Combine(dir, "table1.md")));
            return WithoutWallClock(Path.Combine(dir, "table1.json")).ToJsonString();
        }).ToList();
        Assert.Equal(results[0], results[1]);
    }

    // the real thing: Ctrl-C, or SIGTERM (what Slurm and Kubernetes send), to the process; then the same command finishes
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task ASignalStopsReproduceWithItsJobsKeptAndTheSameCommandFinishes(string signal)
    {
        string dir = Directory.CreateTempSubdirectory("rein2-repro-term-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "rein2.dll"), "reproduce", "table1", "--scale", "0.05", "--seeds", "1", "--out", dir]) psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi)!;
        var err = proc.StandardError.ReadToEndAsync();
        string? line = await proc.StandardOutput.ReadLineAsync();   // the first finished job
        Assert.NotNull(line);
        using (var kill = Process.Start("kill", [$"-{signal}", proc.Id.ToString()])) kill.WaitForExit();
        _ = proc.StandardOutput.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(60_000)) await proc.WaitForExitAsync(timeout.Token);
        Assert.True(proc.ExitCode == 130, $"exit {proc.ExitCode}: {await err}");
        Assert.Contains("Continue with the same command", await err);
        Assert.True(JobsWith(dir, "result.bin") > 0);
        var again = CliRunner.Run("reproduce", "table1", "--scale", "0.05", "--seeds", "1", "--out", dir);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("kept from an earlier run", again.Out);
        Assert.True(File.Exists(Path.Combine(dir, "table1.json")));
    }
}
