// `rein2 eval FILE [--episodes N] [--seed N]`: plays a saved agent greedily and prints one JSON object.
// FILE is a REIN-2 agent (best.agent), or a baseline's model.bin (a DQN Q-network or a PPO/A2C
// actor-critic with its normalisation statistics); the header says which.
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class EvalCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var p = new ArgParser("eval", args, 1, ["--episodes", "--seed"]);
        if (p.Positional.Count != 1) throw new UsageException("eval needs exactly one agent or model file: rein2 eval FILE [--episodes N] [--seed N].");
        ulong episodes = p.GetUInt64("--episodes", 100);
        if (episodes is < 1 or > 1_000_000) throw new UsageException($"--episodes {episodes} is out of range; allowed: 1 … 1000000.");
        ulong seed = p.GetUInt64("--seed", 0);
        string path = p.Positional[0];
        var agent = AgentFile.Load(path);
        string envId = agent.EnvId;
        var r = Evaluation.Run(Rein2.Pure.Envs.EnvRegistry.Spec(envId), agent, (int)episodes, seed);
        stdout.WriteLine(new JsonOut().Add("env", envId).Add("episodes", (long)r.Episodes).Add("mean", r.Mean).Add("std", r.Std)
                                      .Add("min", r.Min).Add("max", r.Max).ToCompactString());
        return CommandLine.Ok;
    }

}
