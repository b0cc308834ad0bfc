// `rein2 envs`: the registered environments with their spaces and time limits, then REIN-2's
// modules a run can choose: the meta-learners (--meta) and the weight subsets (--set subset=).
using Rein2.Pure.Envs;

namespace Rein2.Cli;

public static class EnvsCommand
{
    public static int Run(TextWriter stdout)
    {
        stdout.WriteLine($"{"id",-26} {"observation",-14} {"action",-14} {"max steps",9}  solved at");
        foreach (string id in EnvRegistry.Ids)
        {
            var env = EnvRegistry.Make(id);
            string action = env.ActionSpace switch
            {
                DiscreteSpace d => $"Discrete({d.N})",
                BoxSpace b => $"Box({b.Dim})",
                _ => env.ActionSpace.ToString(),
            };
            stdout.WriteLine($"{id,-26} {$"Box({env.ObservationSize})",-14} {action,-14} {env.MaxEpisodeSteps,9}  {(env.RewardThreshold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}");
            stdout.WriteLine($"  observation {env.ObservationSpace}; action {env.ActionSpace}");
        }
        stdout.WriteLine();
        stdout.WriteLine("REIN-2 meta-learners (train --meta NAME):");
        foreach (var (_, name, what) in Rein2.Pure.Meta.MetaLearners.All) stdout.WriteLine($"  {name,-8} {what}");
        stdout.WriteLine("REIN-2 weight subsets (train --set subset=NAME):");
        foreach (var (_, name, what) in Rein2.Pure.Meta.WeightSubsets.All) stdout.WriteLine($"  {name,-8} {what}");
        stdout.WriteLine("REIN-2 produced agents (chosen by the action space): a greedy Q-network for Discrete actions, a deterministic actor (tanh stretched over the box) for Box actions; --set inner_obs=raw|scaled");
        return CommandLine.Ok;
    }
}
