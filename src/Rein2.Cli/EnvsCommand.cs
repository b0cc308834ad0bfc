// `rein2 envs`: the registered environments with their spaces and time limits.
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
        return CommandLine.Ok;
    }
}
