// A grid split over processes (`--shard i/n`, docs/scale-out.md): shards run as separate processes
// into one directory — one of them twice at once, as a retried pod or a requeued array task would —
// and the command without --shard then only assembles, equal to an unsharded run; a shard killed
// with kill -9 mid-job resumes from its job's checkpoint and ends the same; a job held by another
// process or failed is named, never dropped; --shard auto reads Slurm's and Kubernetes' variables.
using Rein2.Cli;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class ShardTests
{
    static readonly string[] Grid = ["reproduce", "table1", "--scale", "0.01", "--seeds", "1", "--threads", "1"];

    static string Unsharded()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-shard-whole-").FullName;
        var r = CliRunner.Run([.. Grid, "--out", dir]);
        Assert.True(r.Code == 0, r.Err);
        return ReproduceInterruptTests.WithoutWallClock(Path.Combine(dir, "table1.json")).ToJsonString();
    }

    [Fact]
    public async Task ShardsInSeparateProcessesOneOfThemTwiceAssembleToTheUnshardedResult()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-shard-").FullName;
        var procs = new[] { "0/3", "1/3", "2/3", "1/3" }.Select(s => CliProcess.Start([.. Grid, "--shard", s, "--out", dir])).ToList();
        var outs = await Task.WhenAll(procs.Select(async p =>
        {
            string o = await p.StandardOutput.ReadToEndAsync(), e = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (p.ExitCode, Out: o, Err: e);
        }));
        foreach (var (code, o, e) in outs) Assert.True(code == 0, $"exit {code}: {e}\n{o}");
        Assert.All(outs, r => Assert.Contains("When every shard has finished", r.Out));
        Assert.False(File.Exists(Path.Combine(dir, "table1.json")), "a shard assembled");
        // the two copies of shard 1 between them ran each of its jobs exactly once
        var (seenA, ranA) = Summary(outs[1].Out);
        var (seenB, ranB) = Summary(outs[3].Out);
        Assert.Equal(seenA, seenB);
        Assert.Equal(seenA, ranA + ranB);

        var assemble = CliRunner.Run([.. Grid, "--out", dir]);
        Assert.True(assemble.Code == 0, assemble.Err);
        Assert.All(assemble.Out.Split('\n').Where(l => l.StartsWith('[')), l => Assert.Contains("kept from an earlier run", l));   // nothing ran again
        Assert.Equal(Unsharded(), ReproduceInterruptTests.WithoutWallClock(Path.Combine(dir, "table1.json")).ToJsonString());
    }

    // "shard 1/3: 8 jobs seen: 7 run here, …"
    static (int Seen, int Ran) Summary(string stdout)
    {
        var m = System.Text.RegularExpressions.Regex.Match(stdout, @"shard \d+/\d+: (\d+) jobs seen: (\d+) run here");
        Assert.True(m.Success, stdout);
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }

    [Fact]
    public async Task AShardKilledMidJobResumesFromItsCheckpointAndEndsTheSame()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-shard-kill-").FullName;
        string[] args = ["reproduce", "meta", "--seeds", "2", "--scale", "0.2", "--envs", "Acrobot-v1", "--methods", "random,es", "--threads", "1"];
        // checkpoints every 0.12 s of a job's wall time (a job runs over a second), so kill -9 finds one
        var p = CliProcess.Start([.. args, "--shard", "0/1", "--checkpoint-minutes", "0.002", "--out", dir]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ReproduceInterruptTests.JobsWith(dir, "checkpoint.bin") == 0 && !p.HasExited && DateTime.UtcNow < deadline) await Task.Delay(20);
        p.Kill();   // SIGKILL: no handler runs
        await p.WaitForExitAsync();
        Assert.True(ReproduceInterruptTests.JobsWith(dir, "checkpoint.bin") > 0, "no job had checkpointed before the kill");
        Assert.False(File.Exists(Path.Combine(dir, "runs.jsonl")));

        // the same binary resumes (a checkpoint is bound to its numeric path; CI runs the NativeAOT one here)
        using (var again = CliProcess.Start([.. args, "--shard", "0/1", "--out", dir]))   // the lock died with the process
        {
            string o = await again.StandardOutput.ReadToEndAsync(), e = await again.StandardError.ReadToEndAsync();
            await again.WaitForExitAsync();
            Assert.True(again.ExitCode == 0, e);
            Assert.DoesNotContain("left to it", o);
        }
        var assemble = CliRunner.Run([.. args, "--out", dir]);
        Assert.True(assemble.Code == 0, assemble.Err);
        string whole = Directory.CreateTempSubdirectory("rein2-shard-kill-whole-").FullName;
        Assert.Equal(0, CliRunner.Run([.. args, "--out", whole]).Code);
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "runs.jsonl")), File.ReadAllText(Path.Combine(dir, "runs.jsonl")));
    }

    [Fact]
    public void AJobHeldByAnotherProcessOrFailedIsNamedAndNothingIsAssembled()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-shard-held-").FullName;
        string held = Path.Combine(dir, "jobs", "table1-Acrobot-v1-rein2-es-0-x0.01"), broken = Path.Combine(dir, "jobs", "table1-CartPole-v1-rein2-random-0-x0.01");
        Directory.CreateDirectory(held);
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "checkpoint.bin"), "not a checkpoint");
        File.WriteAllText(Path.Combine(broken, "state.bin"), "not a record");
        File.WriteAllText(Path.Combine(held, "holder.txt"), "pid 4242 on node-7, since 2026-12-04T10:00:00Z\n");
        var r = (Code: -1, Out: "", Err: "");
        // an OS lock on the job's claim, as a process running it holds
        using (new FileStream(Path.Combine(held, "claim"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            r = CliRunner.Run([.. Grid, "--out", dir]);
        Assert.Equal(1, r.Code);
        Assert.Contains("2 of 18 jobs are not done, so nothing was assembled", r.Err);
        Assert.Contains("table1-Acrobot-v1-rein2-es-0-x0.01: running (pid 4242 on node-7", r.Err);
        Assert.Contains("table1-CartPole-v1-rein2-random-0-x0.01: failed (", r.Err);
        Assert.Contains("checkpoint.bin", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "table1.json")));

        // the holder gone and the broken files removed, the same command finishes the two and assembles
        File.Delete(Path.Combine(broken, "checkpoint.bin"));
        File.Delete(Path.Combine(broken, "state.bin"));
        var again = CliRunner.Run([.. Grid, "--out", dir]);
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(Unsharded(), ReproduceInterruptTests.WithoutWallClock(Path.Combine(dir, "table1.json")).ToJsonString());
    }

    // the default of --threads is the cores this process may use: one when its affinity allows one
    [Fact]
    public async Task TheDefaultThreadCountHonoursTheAffinityMask()
    {
        using var p = CliProcess.Start(["reproduce", "table1", "--help"], prefix: ["taskset", "-c", "0"]);
        string help = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("(an integer from 1 to 1024; default 1)", help);
        Assert.Contains($"1 to 1024; default {Environment.ProcessorCount})", CliRunner.Run("reproduce", "table1", "--help").Out);
    }

    [Fact]
    public void ShardsPartitionTheGridAndBalanceItsCost()
    {
        var rng = new Random(3);
        var costs = Enumerable.Range(0, 97).Select(_ => Math.Pow(10, rng.NextDouble() * 3)).ToArray();
        foreach (int n in new[] { 1, 2, 5, 16, 200 })
        {
            var shards = Enumerable.Range(0, n).Select(i => new Shard(i, n).Select(costs)).ToList();
            Assert.Equal(Enumerable.Range(0, costs.Length), shards.SelectMany(s => s).Order());
            var loads = shards.Select(s => s.Sum(j => costs[j])).ToList();
            // longest-processing-time dealing: no shard exceeds another by more than the largest job
            Assert.True(loads.Max() - loads.Min() <= costs.Max() + 1e-9, $"n={n}: loads {loads.Min():F0} … {loads.Max():F0}");
            foreach (var s in shards) Assert.Equal(s.OrderByDescending(j => costs[j]).ThenBy(j => j), s);   // longest first
        }
    }

    static Shard? Parse(string? shard, string? count, Dictionary<string, string> env)
    {
        string[] args = ["reproduce", "table1", .. shard is null ? [] : new[] { "--shard", shard }, .. count is null ? [] : new[] { "--shard-count", count }];
        return Shard.FromFlags(Commands.Table1.Parse(args, 2), name => env.GetValueOrDefault(name));
    }

    [Theory]
    [InlineData("3/8", null, "", 3, 8)]
    [InlineData("auto", null, "SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=8 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_STEP=1", 5, 8)]
    [InlineData("auto", null, "SLURM_ARRAY_TASK_ID=8 SLURM_ARRAY_TASK_COUNT=8 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_STEP=1", 7, 8)]
    [InlineData("auto", null, "SLURM_ARRAY_TASK_ID=14 SLURM_ARRAY_TASK_COUNT=8 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_STEP=2", 7, 8)]
    [InlineData("auto", null, "JOB_COMPLETION_INDEX=2 REIN2_SHARD_COUNT=4", 2, 4)]
    [InlineData("auto", "6", "JOB_COMPLETION_INDEX=5 REIN2_SHARD_COUNT=4", 5, 6)]
    public void ShardsComeFromTheFlagOrTheEngine(string shard, string? count, string env, int index, int n)
    {
        var vars = env.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Equal(new Shard(index, n), Parse(shard, count, vars));
    }

    [Theory]
    [InlineData("3/3", null, "", "--shard 3/3: expected i/n with 0 ≤ i < n")]
    [InlineData("-1/3", null, "", "expected i/n")]
    [InlineData("1/0", null, "", "expected i/n")]
    [InlineData("a/b", null, "", "expected i/n")]
    [InlineData("1/3", "3", "", "--shard-count goes with --shard auto")]
    [InlineData(null, "3", "", "--shard-count goes with --shard auto")]
    [InlineData("auto", null, "", "neither a Slurm array task")]
    [InlineData("auto", null, "SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_COUNT is not")]
    [InlineData("auto", null, "SLURM_ARRAY_TASK_ID=9 SLURM_ARRAY_TASK_COUNT=8", "SLURM_ARRAY_TASK_ID gives shard 9, outside 0 … 7")]
    [InlineData("auto", null, "SLURM_ARRAY_TASK_ID=x SLURM_ARRAY_TASK_COUNT=8", "SLURM_ARRAY_TASK_ID=x is not an integer")]
    [InlineData("auto", null, "JOB_COMPLETION_INDEX=1", "needs the count: --shard-count N or REIN2_SHARD_COUNT")]
    [InlineData("auto", null, "JOB_COMPLETION_INDEX=4 REIN2_SHARD_COUNT=4", "JOB_COMPLETION_INDEX gives shard 4, outside 0 … 3")]
    [InlineData("auto", "0", "JOB_COMPLETION_INDEX=0", "--shard-count=0 is out of range; allowed: 1 … 100000")]
    [InlineData("auto", "x", "JOB_COMPLETION_INDEX=0", "--shard-count x: expected an integer")]
    public void ABadShardIsRefusedByNameBeforeAnythingRuns(string? shard, string? count, string env, string message)
    {
        var vars = env.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        var e = Assert.Throws<UsageException>(() => Parse(shard, count, vars));
        Assert.Contains(message, e.Message);
    }
}
