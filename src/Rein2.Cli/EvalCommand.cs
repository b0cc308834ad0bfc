// `rein2 eval FILE [--env ID] [--episodes N] [--seed N]`: plays a saved agent greedily and prints one
// JSON object. FILE is a REIN-2 agent (best.agent), a baseline's model.bin (a DQN Q-network or a
// PPO/A2C actor-critic with its normalisation statistics; the header says which) or an ONNX model
// (FILE.onnx: ours name their environment, others need --env).
using Rein2.Pure.Algos;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class EvalCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var p = Commands.Eval.Parse(args, 1);
        long episodes = p.Long("--episodes");
        ulong seed = p.Seed("--seed");
        var agent = InputFiles.LoadAgent(p.Positional[0], p.Get("--env"));
        string envId = agent.EnvId;
        var r = Evaluation.Run(Rein2.Pure.Envs.EnvRegistry.Spec(envId), agent, (int)episodes, seed);
        stdout.WriteLine(new JsonOut().Add("env", envId).Add("episodes", (long)r.Episodes).Add("mean", r.Mean).Add("std", r.Std)
                                      .Add("min", r.Min).Add("max", r.Max).Add("seed", seed).ToCompactString());
        return CommandLine.Ok;
    }

}
