// `rein2 eval AGENT [--episodes N] [--seed N]`: plays a saved agent greedily and prints one JSON object.
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class EvalCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var p = new ArgParser("eval", args, 1, ["--episodes", "--seed"]);
        if (p.Positional.Count != 1) throw new UsageException("eval needs exactly one agent file: rein2 eval AGENT [--episodes N] [--seed N].");
        ulong episodes = p.GetUInt64("--episodes", 100);
        if (episodes is < 1 or > 1_000_000) throw new UsageException($"--episodes {episodes} is out of range; allowed: 1 … 1000000.");
        ulong seed = p.GetUInt64("--seed", 0);
        var (envId, q) = AgentFile.Load(p.Positional[0]);
        var r = Evaluation.Run(envId, (int)episodes, seed, (obs, a) => a[0] = q.Act(obs));
        stdout.WriteLine(new JsonOut().Add("env", envId).Add("episodes", (long)r.Episodes).Add("mean", r.Mean).Add("std", r.Std)
                                      .Add("min", r.Min).Add("max", r.Max).ToCompactString());
        return Cli.Ok;
    }
}
