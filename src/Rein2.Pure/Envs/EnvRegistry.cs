// Create environments by Gymnasium id. An unknown id is an error that lists the known ones.
namespace Rein2.Pure.Envs;

/// <summary>The registered environment ids.</summary>
public static class EnvRegistry
{
    /// <summary>Every id, in a stable order.</summary>
    public static IReadOnlyList<string> Ids { get; } =
        ["CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"];

    /// <summary>A fresh environment for <paramref name="id"/> (exact, case-sensitive as in Gymnasium).</summary>
    public static Env Make(string id) => id switch
    {
        "CartPole-v1" => new CartPole(),
        "Acrobot-v1" => new Acrobot(),
        "MountainCar-v0" => new MountainCar(),
        "MountainCarContinuous-v0" => new MountainCarContinuous(),
        "Pendulum-v1" => new Pendulum(),
        _ => throw new InvalidSettingException($"Unknown environment id '{id}'. Known ids: {string.Join(", ", Ids)}."),
    };
}
