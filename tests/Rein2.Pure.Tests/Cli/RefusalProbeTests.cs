// Every command-line probe of the untrusted-input issue in one table: a stray positional, a repeated
// flag, a duplicate key, a --set beside the flag that sets the same key, an out-of-range value that
// used to be clamped, a non-regular input (FIFO, device, /proc), a directory or an over-long name as
// --out FILE, a dangling symlink, … Each must end with exit 2 and one line on standard error that
// names the value and what is allowed, with no stack trace, no "unexpected error", and nothing
// written. The table runs in-process and, as a real process, against the binary — the NativeAOT one
// when REIN2_CLI_BINARY names it (CI does), else the JIT build beside these tests.
using System.Diagnostics;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Cli;

public class RefusalProbeTests
{
    /// <summary>One probe: arguments ({dir}: a fresh empty directory, also the working directory), what the message must say, and files to make first.</summary>
    public sealed record Probe(string Name, string[] Args, string[] Says, Action<string>? Setup = null)
    {
        public override string ToString() => Name;
    }

    static readonly string Fifo = MakeFifo();

    static string MakeFifo()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("rein2-fifo-").FullName, "pipe");
        using (var p = Process.Start("mkfifo", [path])) p.WaitForExit();
        return path;
    }

    static readonly string LongName = new string('n', 245) + ".svg";

    // a private character device like /dev/null (major 1, minor 3) in the probe's own directory: a test never touches the real one
    static void MakeDevice(string path)
    {
        using (var p = Process.Start("mknod", [path, "c", "1", "3"])) p.WaitForExit();
        Assert.True(Rein2.Pure.Io.FileKind.Of(path) == Rein2.Pure.Io.EntryKind.Device, $"mknod {path} made no device (the tests run as root in CI)");
    }

    static void MakeFifoIn(string path)
    {
        using (var p = Process.Start("mkfifo", [path])) p.WaitForExit();
    }

    // a grid's directory as `reproduce`/`sweep` leave it: a job list, a job's record and claim, the reports
    static void MakeGrid(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "jobs", "j1"));
        Directory.CreateDirectory(Path.Combine(dir, "runs"));
        foreach (var f in new[] { "jobs.txt", "sweep.json", "summary.csv", "sweep.md", "CartPole-v1.svg", "jobs/j1/result.bin", "jobs/j1/claim", "runs/CartPole-v1-ppo-0.csv" })
            File.WriteAllText(Path.Combine(dir, f), "x");
        File.WriteAllText(Path.Combine(dir, "p.csv"), "y\n1\n");
    }

    static readonly string ExportedOnnx = MakeExportedOnnx();

    // an agent file and its ONNX export, made once: `rein2 export` wrote it, so it is the project's own
    static string MakeExportedOnnx()
    {
        string d = Directory.CreateTempSubdirectory("rein2-onnx-probe-").FullName;
        var agent = new Rein2.Pure.Meta.Rein2Trainer(new Rein2.Pure.Meta.Rein2Options { MetaLearner = Rein2.Pure.Meta.MetaLearner.Random, MetaSteps = 2, Episodes = 1 }, 0).Agent;
        Rein2.Pure.Io.AgentFile.Save(Path.Combine(d, "a.agent"), agent);
        var r = CliRunner.Run("export", Path.Combine(d, "a.agent"), "--onnx", Path.Combine(d, "policy.onnx"));
        Assert.True(r.Code == 0, r.Err);
        return Path.Combine(d, "policy.onnx");
    }

    public static readonly Probe[] Probes =
    [
        new("stray positional", ["train", "foo", "--steps", "10"], ["takes no positional arguments", "'foo'"]),
        new("flag twice", ["train", "--seed", "1", "--seed", "2", "--out", "{dir}/r"], ["--seed is given twice", "'1' and '2'"]),
        new("duplicate config key", ["train", "--config", "{dir}/c.json", "--out", "{dir}/r"], ["c.json", "the key 'rbv' appears twice"],
            d => File.WriteAllText(Path.Combine(d, "c.json"), "{\"rbv\": 0.1, \"rbv\": 0.2}")),
        new("--set beside --rbv", ["train", "--set", "rbv=0.2", "--rbv", "0.1", "--out", "{dir}/r"], ["--set rbv=0.2 and --rbv 0.1 both set rbv"]),
        new("--rbv beside --set", ["train", "--rbv", "0.1", "--set", "rbv=0.2", "--out", "{dir}/r"], ["both set rbv"]),
        new("--set key twice", ["train", "--set", "bound=1", "--set", "bound=2", "--out", "{dir}/r"], ["--set bound= is given twice"]),
        new("baseline --steps beside n_timesteps", ["baseline", "--steps", "100", "--set", "n_timesteps=200", "--out", "{dir}/r"], ["both set n_timesteps"]),
        new("envs with an argument", ["envs", "extra"], ["'envs' takes no positional arguments", "'extra'"]),
        new("bench with two words", ["bench", "mlp", "cartpole"], ["at most 1 WORD", "'cartpole'"]),
        new("--version with an argument", ["--version", "extra"], ["takes no positional arguments"]),
        new("reproduce meta --envs empty", ["reproduce", "meta", "--envs", "", "--out", "{dir}/m"], ["--envs is empty"]),
        new("reproduce meta --envs commas", ["reproduce", "meta", "--envs", ",,", "--out", "{dir}/m"], ["--envs ,, has an empty item"]),
        new("reproduce meta --seeds 50", ["reproduce", "meta", "--seeds", "50", "--out", "{dir}/m"], ["--seeds 50 is out of range", "from 2 to 20"]),
        new("reproduce meta --first-seed 2^64-1", ["reproduce", "meta", "--first-seed", "18446744073709551615", "--out", "{dir}/m"], ["--first-seed 18446744073709551615 is out of range", "from 0 to 1000000"]),
        new("reproduce unknown", ["reproduce", "table2"], ["table1 or meta", "'table2'"]),
        new("baseline --eval-episodes huge", ["baseline", "--eval-episodes", "99999999999", "--out", "{dir}/r"], ["--eval-episodes 99999999999 is out of range", "from 1 to 100000"]),
        new("render --episodes 0", ["render", "--env", "CartPole-v1", "--episodes", "0", "--out", "{dir}/a.svg"], ["--episodes 0 is out of range", "from 1 to 100"]),
        new("render --max-steps 0", ["render", "--env", "CartPole-v1", "--max-steps", "0", "--out", "{dir}/a.svg"], ["--max-steps 0 is out of range"]),
        new("render --max-steps past the limit", ["render", "--env", "CartPole-v1", "--max-steps", "501", "--out", "{dir}/a.svg"], ["--max-steps 501 is out of range for CartPole-v1", "1 to 500"]),
        new("render --speed 1e-300", ["render", "--env", "CartPole-v1", "--speed", "1e-300", "--out", "{dir}/a.svg"], ["--speed 1e-300 is out of range", "[0.01, 100]"]),
        new("plot --smooth 0", ["plot", "{dir}/p.csv", "--y", "y", "--smooth", "0", "--out", "{dir}/a.svg"], ["--smooth 0 is out of range"],
            d => File.WriteAllText(Path.Combine(d, "p.csv"), "y\n1\n")),
        new("eval --episodes 0", ["eval", "{dir}/x.agent", "--episodes", "0"], ["--episodes 0 is out of range"]),
        new("train --steps with spaces", ["train", "--steps", " 10 ", "--out", "{dir}/r"], ["--steps  10  is not an integer"]),
        new("train --steps +10", ["train", "--steps", "+10", "--out", "{dir}/r"], ["--steps +10 is not an integer"]),
        new("train --steps 1.5", ["train", "--steps", "1.5", "--out", "{dir}/r"], ["--steps 1.5 is not an integer"]),
        new("--set steps with spaces", ["train", "--set", "steps= 10", "--out", "{dir}/r"], ["steps= 10 is invalid"]),
        new("baseline batch_size above the rollout", ["baseline", "--set", "batch_size=100000", "--out", "{dir}/r"], ["batch_size=100000 is larger than a rollout", "allowed: 1 … 256"]),
        new("render --out a directory", ["render", "--env", "CartPole-v1", "--out", "{dir}"], ["is a directory"]),
        new("report --out a directory", ["report", "{dir}", "--out", "{dir}/"], ["names a directory"]),
        new("plot --out a directory", ["plot", "{dir}/p.csv", "--y", "y", "--out", "{dir}"], ["is a directory"], d => File.WriteAllText(Path.Combine(d, "p.csv"), "y\n1\n")),
        new("plot --y empty", ["plot", "{dir}/p.csv", "--y", "", "--out", "{dir}/a.svg"], ["--y is empty"], d => File.WriteAllText(Path.Combine(d, "p.csv"), "y\n1\n")),
        new("plot --y comma", ["plot", "{dir}/p.csv", "--y", ",", "--out", "{dir}/a.svg"], ["--y , has an empty column name"], d => File.WriteAllText(Path.Combine(d, "p.csv"), "y\n1\n")),
        new("--out name too long", ["render", "--env", "CartPole-v1", "--out", "{dir}/" + LongName], ["a file name of 249 bytes", "at most 239"]),
        new("--config /dev/zero", ["train", "--config", "/dev/zero", "--out", "{dir}/r"], ["config file /dev/zero is empty, or not a regular file"]),
        new("--config a FIFO", ["train", "--config", Fifo, "--out", "{dir}/r"], ["not a regular file"]),
        new("eval a FIFO", ["eval", Fifo], ["agent file", "not a regular file"]),
        new("eval /proc/self/mem", ["eval", "/proc/self/mem"], ["agent file /proc/self/mem", "not a regular file"]),
        new("eval a directory", ["eval", "{dir}"], ["is a directory"]),
        new("config null", ["train", "--config", "{dir}/c.json", "--out", "{dir}/r"], ["\"rbv\" is null"], d => File.WriteAllText(Path.Combine(d, "c.json"), "{\"rbv\": null}")),
        new("config not JSON", ["train", "--config", "{dir}/c.json", "--out", "{dir}/r"], ["c.json, line 1, column 3:"], d => File.WriteAllText(Path.Combine(d, "c.json"), "{ x")),
        new("config seed out of range", ["train", "--config", "{dir}/c.json", "--out", "{dir}/r"], ["\"seed\": --seed -1 is out of range"], d => File.WriteAllText(Path.Combine(d, "c.json"), "{\"seed\": \"-1\"}")),
        new("dangling symlink as --out", ["train", "--steps", "5", "--out", "{dir}/link"], ["is a symbolic link to", "which does not exist"],
            d => File.CreateSymbolicLink(Path.Combine(d, "link"), Path.Combine(d, "nowhere"))),
        new("unknown flag lists --set", ["train", "--colour", "red"], ["does not accept '--colour'", "--set", "--config"]),
        new("switch with a value", ["train", "--overwrite=yes", "--out", "{dir}/r"], ["--overwrite is a switch"]),
        new("flag without value", ["train", "--out"], ["--out needs a value"]),
        new("--checkpoint-every -1", ["train", "--checkpoint-every", "-1", "--out", "{dir}/r"], ["--checkpoint-every -1 is out of range"]),
        new("--checkpoint-minutes NaN", ["train", "--checkpoint-minutes", "NaN", "--out", "{dir}/r"], ["--checkpoint-minutes NaN is not a number"]),
        new("--seed above 2^64", ["train", "--seed", "18446744073709551616", "--out", "{dir}/r"], ["--seed 18446744073709551616 is out of range"]),
        new("control characters from a file", ["train", "--config", "{dir}/c.json", "--out", "{dir}/r"], ["Unknown setting '\\x1B[31mred\\x0Aline'"],
            d => File.WriteAllText(Path.Combine(d, "c.json"), "{\"\\u001b[31mred\\nline\": 1}")),
        new("reproduce into a train run", ["reproduce", "table1", "--out", "{dir}"], ["holds another run (summary.json)", "a directory of its own"],
            d => File.WriteAllText(Path.Combine(d, "summary.json"), "{}")),
        new("reproduce meta into a table1", ["reproduce", "meta", "--out", "{dir}"], ["holds another run (table1.json)"],
            d => File.WriteAllText(Path.Combine(d, "table1.json"), "{}")),
        new("--meta wrong case", ["train", "--meta", "PPO", "--out", "{dir}/r"], ["--meta PPO is not known", "ppo, a2c"]),
        // issue 31: outputs are guarded like inputs
        new("render --out a device", ["render", "--env", "CartPole-v1", "--out", "{dir}/null"], ["--out {dir}/null is a device, not a regular file"], d => MakeDevice(Path.Combine(d, "null"))),
        new("plot --out a device", ["plot", "{dir}/p.csv", "--y", "y", "--out", "{dir}/null"], ["is a device"],
            d => { MakeDevice(Path.Combine(d, "null")); File.WriteAllText(Path.Combine(d, "p.csv"), "y\n1\n"); }),
        new("report --out a device", ["report", "{dir}/g", "--out", "{dir}/null"], ["is a device"], d => { MakeDevice(Path.Combine(d, "null")); MakeGrid(Path.Combine(d, "g")); }),
        new("export --onnx a device", ["export", ExportedOnnx.Replace("policy.onnx", "a.agent"), "--onnx", "{dir}/null.onnx"], ["--onnx {dir}/null.onnx is a device"], d => MakeDevice(Path.Combine(d, "null.onnx"))),
        new("render --out a FIFO", ["render", "--env", "CartPole-v1", "--out", "{dir}/pipe"], ["is a named pipe (FIFO)"], d => MakeFifoIn(Path.Combine(d, "pipe"))),
        new("plot --out an exported ONNX model", ["plot", "{dir}/p.csv", "--y", "y", "--out", "{dir}/policy.onnx"], ["would replace a file the project writes for itself (policy.onnx)"],
            d => { File.Copy(ExportedOnnx, Path.Combine(d, "policy.onnx")); File.WriteAllText(Path.Combine(d, "p.csv"), "y\n1\n"); }),
        new("render --out an exported ONNX model", ["render", "--env", "CartPole-v1", "--out", "{dir}/policy.onnx"], ["would replace a file the project writes for itself"],
            d => File.Copy(ExportedOnnx, Path.Combine(d, "policy.onnx"))),
        new("export --onnx into a missing folder", ["export", ExportedOnnx.Replace("policy.onnx", "a.agent"), "--onnx", "{dir}/missing/dir/x.onnx"], ["the folder {dir}/missing/dir does not exist; create it first"]),
        new("render --out into a missing folder", ["render", "--env", "CartPole-v1", "--out", "{dir}/missing/x.svg"], ["does not exist; create it first"]),
        new("reproduce --shard 3/3", ["reproduce", "table1", "--shard", "3/3", "--out", "{dir}/t"], ["--shard 3/3: expected i/n with 0 ≤ i < n"]),
        new("sweep --shard 5/2", ["sweep", "{dir}/s.json", "--shard", "5/2", "--out", "{dir}/s"], ["--shard 5/2"],
            d => File.WriteAllText(Path.Combine(d, "s.json"), "{\"command\": \"train\", \"envs\": [\"CartPole-v1\"], \"meta\": [\"random\"], \"seeds\": 2}")),
        new("--assemble with --shard", ["reproduce", "table1", "--assemble", "--shard", "0/2", "--out", "{dir}/t"], ["--assemble goes without --shard"]),
        new("--assemble before any shard", ["reproduce", "table1", "--assemble", "--out", "{dir}/t"], ["holds no grid yet (no jobs.txt)"]),
        new("report --out a grid's result.bin", ["report", "{dir}/g", "--out", "{dir}/g/jobs/j1/result.bin"], ["would replace a file of the grid in {dir}/g"], d => MakeGrid(Path.Combine(d, "g"))),
        new("plot --out a grid's claim", ["plot", "{dir}/g/p.csv", "--y", "y", "--out", "{dir}/g/jobs/j1/claim"], ["would replace a file of the grid"], d => MakeGrid(Path.Combine(d, "g"))),
        new("plot --out jobs.txt", ["plot", "{dir}/g/p.csv", "--y", "y", "--out", "{dir}/g/jobs.txt"], ["would replace a file the project writes for itself (jobs.txt)"], d => MakeGrid(Path.Combine(d, "g"))),
        new("plot --out sweep.json", ["plot", "{dir}/g/p.csv", "--y", "y", "--out", "{dir}/g/sweep.json"], ["(sweep.json)"], d => MakeGrid(Path.Combine(d, "g"))),
        new("plot --out summary.csv", ["plot", "{dir}/g/p.csv", "--y", "y", "--out", "{dir}/g/summary.csv"], ["(summary.csv)"], d => MakeGrid(Path.Combine(d, "g"))),
        new("plot --out sweep.md", ["plot", "{dir}/g/p.csv", "--y", "y", "--out", "{dir}/g/sweep.md"], ["(sweep.md)"], d => MakeGrid(Path.Combine(d, "g"))),
        new("plot --out a grid's figure", ["plot", "{dir}/g/p.csv", "--y", "y", "--out", "{dir}/g/CartPole-v1.svg"], ["would replace a file of the grid"], d => MakeGrid(Path.Combine(d, "g"))),
        new("plot --out a grid's runs/*.csv", ["plot", "{dir}/g/p.csv", "--y", "y", "--out", "{dir}/g/runs/CartPole-v1-ppo-0.csv"], ["would replace a file of the grid"], d => MakeGrid(Path.Combine(d, "g"))),
        new("eval an empty argument", ["eval", ""], ["an empty argument (\"\") was given to 'eval'"]),
        new("render an empty argument", ["render", "", "--out", "{dir}/a.svg"], ["an empty argument"]),
        new("inner network too large", ["train", "--set", "inner_net_arch=4096,4096,4096,4096,4096,4096,4096,4096", "--out", "{dir}/r"],
            ["inner_net_arch=4096,4096,4096,4096,4096,4096,4096,4096", "rollout buffer", "more than one array holds"]),
        // issue 32: the modules' settings
        new("subset=subspace with absolute values", ["train", "--set", "subset=subspace", "--out", "{dir}/r"], ["subset=subspace moves θ₀ along P·z", "bound_mode=offset"]),
        new("subset unknown", ["train", "--set", "subset=half", "--out", "{dir}/r"], ["subset=half is invalid", "rbv, layer, subspace"]),
        new("inner_obs unknown", ["train", "--set", "inner_obs=normalized", "--out", "{dir}/r"], ["inner_obs=normalized is invalid", "raw, scaled"]),
        new("subspace_dim 0", ["train", "--set", "subspace_dim=0", "--out", "{dir}/r"], ["subspace_dim=0", "1 to 10000"]),
        new("reproduce meta two subsets", ["reproduce", "meta", "--methods", "random,es+layer+subspace", "--out", "{dir}/m"], ["--methods es+layer+subspace is not known", "+layer, +subspace, +scaled"]),
        new("reproduce meta modules on ppo-direct", ["reproduce", "meta", "--methods", "random,ppo-direct+scaled", "--out", "{dir}/m"], ["ppo-direct+scaled is not known"]),
        new("run.lock a directory", ["train", "--steps", "5", "--out", "{dir}/r"], ["run.lock is not a lock file (is a directory)"], d => Directory.CreateDirectory(Path.Combine(d, "r", "run.lock"))),
    ];

    public static IEnumerable<object[]> All() => Probes.Select(p => new object[] { p });

    static (string Dir, string[] Args, string[] Before) Prepare(Probe probe)
    {
        string dir = Directory.CreateTempSubdirectory("rein2-probe-").FullName;
        probe.Setup?.Invoke(dir);
        return (dir, probe.Args.Select(a => a.Replace("{dir}", dir)).ToArray(), Listing(dir));
    }

    static string[] Listing(string dir) => Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order().ToArray();

    static void AssertRefused(Probe probe, string dir, string[] before, int code, string err)
    {
        Assert.True(code == 2, $"{probe.Name}: exit {code}, stderr: {err}");
        Assert.StartsWith("rein2: ", err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("unexpected", err);
        Assert.DoesNotContain("   at ", err);
        foreach (var s in probe.Says) Assert.True(err.Contains(s.Replace("{dir}", dir)), $"{probe.Name}: '{s}' not in: {err}");
        Assert.Equal(before, Listing(dir));
    }

    // one grammar, both spellings: --steps=20, --steps 20 and --steps 2e1 are the same run
    [Fact]
    public void TheSameValueInEveryAcceptedFormMakesTheSameRun()
    {
        string root = Directory.CreateTempSubdirectory("rein2-forms-").FullName;
        string[][] forms = [["--steps=20"], ["--steps", "20"], ["--steps", "2e1"], ["--set", "steps=20"]];
        var progress = forms.Select((f, k) =>
        {
            string dir = Path.Combine(root, $"r{k}");
            var r = CliRunner.Run(["train", "--meta", "random", "--episodes", "2", "--set", "final_episodes=2", .. f, "--out", dir]);
            Assert.True(r.Code == 0, r.Err);
            return string.Join('\n', File.ReadAllLines(Path.Combine(dir, "progress.csv")).Select(l => string.Join(',', l.Split(',').Where((_, c) => c != 2))));
        }).ToList();
        Assert.All(progress, p => Assert.Equal(progress[0], p));
        Assert.Equal(21, progress[0].Split('\n').Length);   // header + 20 meta steps
    }

    // standard output that cannot be written (/dev/full, closed) is named, exit 2, not an unexpected error
    [Theory]
    [InlineData(">/dev/full")]
    [InlineData(">&-")]
    public void StandardOutputThatCannotBeWrittenIsExit2(string redirect)
    {
        string dir = Directory.CreateTempSubdirectory("rein2-stdout-").FullName;
        var (code, err) = CliProcess.Run(["envs"], dir, redirect);
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.Contains("rein2: standard output cannot be written", err);
        Assert.DoesNotContain("unexpected", err);
    }

    [Theory, MemberData(nameof(All))]
    public void IsRefusedInProcess(Probe probe)
    {
        var (dir, args, before) = Prepare(probe);
        var r = CliRunner.Run(args);
        AssertRefused(probe, dir, before, r.Code, r.Err);
    }

    [Theory, MemberData(nameof(All))]
    public void IsRefusedByTheBinary(Probe probe)
    {
        var (dir, args, before) = Prepare(probe);
        var (code, err) = CliProcess.Run(args, dir);
        AssertRefused(probe, dir, before, code, err);
    }
}
