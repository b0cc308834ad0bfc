// Deterministic evaluation: N episodes of one scalar environment seeded once with the evaluation
// seed (later episodes continue its generator, as SB3's EvalCallback env does), acting greedily.
using Rein2.Pure.Envs;

namespace Rein2.Pure.Algos;

/// <summary>Mean and spread of evaluation episode returns.</summary>
public readonly record struct EvalResult(int Episodes, double Mean, double Std, double Min, double Max, double MeanLength)
{
    /// <summary>Summary of a list of returns and lengths.</summary>
    public static EvalResult From(IReadOnlyList<double> returns, IReadOnlyList<int> lengths)
    {
        double mean = returns.Average();
        double std = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / returns.Count); // population std, as numpy's np.std
        return new EvalResult(returns.Count, mean, std, returns.Min(), returns.Max(), lengths.Average());
    }

    /// <summary>
    /// The seed the evaluation's episodes came from: <see cref="Evaluation.Run(EnvSpec, IAgent, int, ulong)"/>
    /// seeds the first reset with it and lets the later episodes continue its generator, as Gymnasium
    /// does; REIN-2's re-evaluation seeds its lanes from it. Null when not recorded.
    /// </summary>
    public ulong? Seed { get; init; }

    /// <summary>"mean 403.3 ± 85.1 over 100 episodes (min 120.0, max 500.0, mean length 403.3; seed 0)": the figures as a person reads them (the properties keep full precision).</summary>
    public override string ToString()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return string.Create(c, $"mean {Mean:F1} ± {Std:F1} over {Episodes} episode{(Episodes == 1 ? "" : "s")} (min {Min:F1}, max {Max:F1}, mean length {MeanLength:F1}{(Seed is ulong s ? $"; seed {s}" : "")})");
    }
}

/// <summary>Runs evaluation episodes.</summary>
public static class Evaluation
{
    /// <summary>Plays <paramref name="episodes"/> episodes of <paramref name="env"/> with <paramref name="agent"/>'s deterministic actions.</summary>
    public static EvalResult Run(EnvSpec env, IAgent agent, int episodes, ulong seed)
    {
        if (agent.ObservationSize != env.ObservationSize || agent.ActionSpace.FlatSize != env.ActionSpace.FlatSize)
            throw new InvalidSettingException($"The agent (for {agent.EnvId}: {agent.ObservationSize} observations, {agent.ActionSpace}) does not fit {env.Id} ({env.ObservationSize} observations, {env.ActionSpace}).");
        return Run(env, episodes, seed, (obs, a) => agent.Act(obs, a));
    }

    /// <summary>
    /// Plays <paramref name="episodes"/> episodes of <paramref name="envSpec"/>; <paramref name="act"/>
    /// maps a raw observation to an action (written into its second argument).
    /// </summary>
    public static EvalResult Run(EnvSpec envSpec, int episodes, ulong seed, Action<float[], float[]> act)
    {
        ThrowHelper.RequirePositive(episodes, nameof(episodes));
        var env = envSpec.Create();
        var obs = new float[env.ObservationSize];
        var action = new float[env.ActionSpace.FlatSize];
        var returns = new List<double>(episodes); var lengths = new List<int>(episodes);
        for (int ep = 0; ep < episodes; ep++)
        {
            env.Reset(obs, ep == 0 ? seed : null);
            double ret = 0; int len = 0;
            while (true)
            {
                act(obs, action);
                var r = env.ActionSpace is DiscreteSpace ? env.Step((int)action[0], obs) : env.Step(action, obs);
                ret += r.Reward; len++;
                if (r.Done) break;
            }
            returns.Add(ret); lengths.Add(len);
        }
        return EvalResult.From(returns, lengths) with { Seed = seed };
    }
}
