// Batched environments by id: the registered spec's batched form.
namespace Rein2.Pure.Envs;

/// <summary>Batched environments by id.</summary>
public static class VecEnvRegistry
{
    /// <summary>A batch of <paramref name="numEnvs"/> lanes of <paramref name="id"/>.</summary>
    public static VecEnv Make(string id, int numEnvs, TrigMode mode = TrigMode.Exact) => EnvRegistry.Spec(id).CreateBatched(numEnvs, mode);
}
