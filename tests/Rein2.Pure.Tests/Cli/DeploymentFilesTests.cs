// The deployment files keep the contract the CLI implements (docs/scale-out.md): the Kubernetes Job
// gives --shard auto the count it needs, equal to its completions, so its indices deal the whole
// grid; both engines requeue on the exit code rein2 returns after checkpointing on SIGTERM; the
// Slurm script asks for the signal before the time limit and forwards it. (CI also renders the
// manifest with `kubectl kustomize`, offline, and runs the Slurm script in a real job array.)
using System.Diagnostics;
using System.Text.RegularExpressions;
using Rein2.Cli;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class DeploymentFilesTests
{
    static string Read(string path) => File.ReadAllText(Path.Combine(DocPages.Repo(), path));
    static readonly string Manifest = Read("deploy/k8s/rein2-grid.yaml");
    static readonly string Sbatch = Read("deploy/slurm/rein2-array.sbatch");

    // "  key: value" of the manifest (the first match; the file has one Job)
    static string Field(string key)
    {
        var m = Regex.Match(Manifest, $@"^\s*{Regex.Escape(key)}:\s*(.+?)\s*(#.*)?$", RegexOptions.Multiline);
        Assert.True(m.Success, $"the manifest has no {key}");
        return m.Groups[1].Value.Trim('"');
    }

    static string[] Args() =>
        Regex.Matches(Field("args").Trim('[', ']'), "\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public void TheIndexedJobsCountIsItsCompletionsAndItsIndicesDealTheWholeGrid()
    {
        Assert.Equal("Indexed", Field("completionMode"));
        int completions = int.Parse(Field("completions")), parallelism = int.Parse(Field("parallelism"));
        Assert.InRange(parallelism, 1, completions);
        var count = Regex.Match(Manifest, @"name: REIN2_SHARD_COUNT\s*\n\s*value: ""(\d+)""");
        Assert.True(count.Success, "REIN2_SHARD_COUNT is not set in the container's env");
        Assert.Equal(completions, int.Parse(count.Groups[1].Value));

        var args = Args();
        Assert.Equal(["--shard", "auto"], args.SkipWhile(a => a != "--shard").Take(2));
        // every index the Job runs reads to a shard, and the shards partition a grid of any size
        var p = Commands.Table1.Parse(args, 2);
        var costs = Enumerable.Range(0, 54).Select(i => 1.0 + i % 7).ToArray();
        var dealt = Enumerable.Range(0, completions).SelectMany(i =>
        {
            var shard = Shard.FromFlags(p, name => name switch { "JOB_COMPLETION_INDEX" => i.ToString(), "REIN2_SHARD_COUNT" => count.Groups[1].Value, _ => null });
            Assert.Equal(new Shard(i, completions), shard);
            return shard!.Value.Select(costs);
        });
        Assert.Equal(Enumerable.Range(0, costs.Length), dealt.Order());
        // results land on the shared volume
        string mount = Field("mountPath");
        Assert.StartsWith(mount + "/", args.SkipWhile(a => a != "--out").ElementAt(1));
    }

    // the assembling Job runs the grid's own command, without the shard flags, with --assemble, on the same volume
    [Fact]
    public void TheAssemblingJobRunsTheGridsCommandWithAssemble()
    {
        string assemble = Read("deploy/k8s/rein2-assemble.yaml");
        var m = Regex.Match(assemble, @"^\s*args:\s*\[(.+)\]", RegexOptions.Multiline);
        Assert.True(m.Success, "rein2-assemble.yaml has no args");
        var args = Regex.Matches(m.Groups[1].Value, "\"([^\"]*)\"").Select(x => x.Groups[1].Value).ToArray();
        var grid = Args();
        Assert.Equal(grid.Where((a, i) => a is not ("--shard" or "--threads") && (i == 0 || grid[i - 1] is not ("--shard" or "--threads"))).Append("--assemble"), args);
        Assert.Contains("claimName: rein2-runs", assemble);
        Assert.DoesNotContain("rein2-assemble", Read("deploy/k8s/kustomization.yaml"));   // not started beside the shards
        var p = Commands.Table1.Parse(args, 2);
        Assert.True(p.Has("--assemble"));
        Assert.Contains("--assemble", Sbatch);
    }

    [Fact]
    public void KubernetesRetriesAnIndexThatCheckpointedOnSigtermOrWasDisrupted()
    {
        Assert.Equal("Never", Field("restartPolicy"));   // podFailurePolicy requires it
        Assert.True(int.Parse(Field("backoffLimitPerIndex")) >= 1);
        Assert.True(int.Parse(Field("terminationGracePeriodSeconds")) >= 30, "too short for a checkpoint");
        var rule = Regex.Match(Manifest, @"- action: Ignore[^\n]*\n\s*onExitCodes:\s*\n\s*containerName: (\S+)\s*\n\s*operator: In\s*\n\s*values: \[(\d+)\]");
        Assert.True(rule.Success, "no Ignore rule on rein2's interrupted exit code");
        Assert.Equal(Field("- name"), rule.Groups[1].Value);
        Assert.Equal(CommandLine.Interrupted, int.Parse(rule.Groups[2].Value));
        Assert.Matches(@"- action: Ignore[^\n]*\n\s*onPodConditions:\s*\n\s*- type: DisruptionTarget", Manifest);
    }

    [Fact]
    public void TheSlurmScriptRequeuesOnTheInterruptedCodeAndGetsTheSignalBeforeTheTimeLimit()
    {
        Assert.Contains("#SBATCH --requeue", Sbatch);
        Assert.Matches(@"#SBATCH --signal=B:TERM@\d+", Sbatch);
        Assert.Contains("--shard auto", Sbatch);
        Assert.Contains("trap 'kill -TERM \"$child\"", Sbatch);
        Assert.Contains($"if [ \"$code\" -eq {CommandLine.Interrupted} ]; then", Sbatch);
        Assert.Contains("scontrol requeue", Sbatch);
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", Path.Combine(DocPages.Repo(), "deploy/slurm/rein2-array.sbatch")]) { RedirectStandardError = true })!;
        string err = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, err);
    }
}
