// The RL Zoo's tuned hyperparameters (rl-baselines3-zoo hyperparams/{ppo,a2c,dqn}.yml; see
// docs/baselines.md) for CartPole-v1, Acrobot-v1 and MountainCar-v0, selectable by
// name "<algo>/<env>"; every value can still be overridden one by one.
using Rein2.Pure.Optim;

namespace Rein2.Pure.Algos;

/// <summary>Zoo presets.</summary>
public static class Presets
{
    /// <summary>Preset names ("ppo/CartPole-v1", …).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. new[] { "ppo", "a2c", "dqn" }.SelectMany(a => new[] { "CartPole-v1", "Acrobot-v1", "MountainCar-v0" }.Select(e => $"{a}/{e}"))];

    /// <summary>The Zoo's PPO or A2C settings for <paramref name="envId"/>, or SB3's defaults for other envs.</summary>
    public static OnPolicyOptions OnPolicy(OnPolicyAlgo algo, string envId)
    {
        var d = OnPolicyOptions.Defaults(algo);
        if (algo == OnPolicyAlgo.Ppo)
            return envId switch
            {
                "CartPole-v1" => d with
                {
                    TotalTimesteps = 100_000, NEnvs = 8, NSteps = 32, BatchSize = 256, GaeLambda = 0.8, Gamma = 0.98, NEpochs = 20,
                    EntCoef = 0.0, LearningRate = Schedule.Linear(0.001), ClipRange = Schedule.Linear(0.2),
                },
                "Acrobot-v1" => d with { TotalTimesteps = 1_000_000, Normalize = true, NEnvs = 16, NSteps = 256, GaeLambda = 0.94, Gamma = 0.99, NEpochs = 4, EntCoef = 0.0 },
                "MountainCar-v0" => d with { TotalTimesteps = 1_000_000, Normalize = true, NEnvs = 16, NSteps = 16, GaeLambda = 0.98, Gamma = 0.99, NEpochs = 4, EntCoef = 0.0 },
                _ => d,
            };
        return envId switch
        {
            "CartPole-v1" => d with { TotalTimesteps = 500_000, NEnvs = 8, EntCoef = 0.0 },
            "Acrobot-v1" => d with { TotalTimesteps = 500_000, Normalize = true, NEnvs = 16, EntCoef = 0.0 },
            "MountainCar-v0" => d with { TotalTimesteps = 1_000_000, Normalize = true, NEnvs = 16, EntCoef = 0.0 },
            _ => d,
        };
    }

    /// <summary>The Zoo's DQN settings for <paramref name="envId"/>, or SB3's defaults.</summary>
    public static DqnOptions Dqn(string envId)
    {
        var d = new DqnOptions();
        return envId switch
        {
            "CartPole-v1" => d with
            {
                TotalTimesteps = 50_000, LearningRate = Schedule.Constant(2.3e-3), BatchSize = 64, BufferSize = 100_000, LearningStarts = 1000,
                Gamma = 0.99, TargetUpdateInterval = 10, TrainFreq = 256, GradientSteps = 128, ExplorationFraction = 0.16,
                ExplorationFinalEps = 0.04, NetArch = [256, 256],
            },
            "Acrobot-v1" => d with
            {
                TotalTimesteps = 100_000, LearningRate = Schedule.Constant(6.3e-4), BatchSize = 128, BufferSize = 50_000, LearningStarts = 0,
                Gamma = 0.99, TargetUpdateInterval = 250, TrainFreq = 4, GradientSteps = -1, ExplorationFraction = 0.12,
                ExplorationFinalEps = 0.1, NetArch = [256, 256],
            },
            "MountainCar-v0" => d with
            {
                TotalTimesteps = 120_000, LearningRate = Schedule.Constant(4e-3), BatchSize = 128, BufferSize = 10_000, LearningStarts = 1000,
                Gamma = 0.98, TargetUpdateInterval = 600, TrainFreq = 16, GradientSteps = 8, ExplorationFraction = 0.2,
                ExplorationFinalEps = 0.07, NetArch = [256, 256],
            },
            _ => d,
        };
    }
}
