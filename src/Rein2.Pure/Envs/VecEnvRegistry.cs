// Create batched environments by Gymnasium id.
namespace Rein2.Pure.Envs;

/// <summary>Batched environments by id.</summary>
public static class VecEnvRegistry
{
    /// <summary>A batch of <paramref name="numEnvs"/> lanes of <paramref name="id"/>.</summary>
    public static VecEnv Make(string id, int numEnvs, TrigMode mode = TrigMode.Exact) => id switch
    {
        "CartPole-v1" => new CartPoleVec(numEnvs, mode),
        "Acrobot-v1" => new AcrobotVec(numEnvs, mode),
        "MountainCar-v0" => new MountainCarVec(numEnvs, mode),
        "MountainCarContinuous-v0" => new MountainCarContinuousVec(numEnvs),
        "Pendulum-v1" => new PendulumVec(numEnvs),
        _ => throw new InvalidSettingException($"Unknown environment id '{id}'. Known ids: {string.Join(", ", EnvRegistry.Ids)}."),
    };
}
