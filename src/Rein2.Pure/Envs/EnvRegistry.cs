// Environments by Gymnasium id: the five built-in classic-control ids, and any id a user registers so
// that string paths (configs, agent files, `rein2 eval`) resolve their own environment too. An
// unknown id is an error that lists the known ones.
namespace Rein2.Pure.Envs;

/// <summary>The registered environment ids.</summary>
public static class EnvRegistry
{
    static readonly EnvSpec[] BuiltIn =
    [
        new(() => new CartPole(), (n, mode) => new CartPoleVec(n, mode)),
        new(() => new Acrobot(), (n, mode) => new AcrobotVec(n, mode)),
        new(() => new MountainCar(), (n, mode) => new MountainCarVec(n, mode)),
        new(() => new MountainCarContinuous(), (n, _) => new MountainCarContinuousVec(n)),
        new(() => new Pendulum(), (n, _) => new PendulumVec(n)),
    ];
    static readonly object Gate = new();
    static EnvSpec[] _all = BuiltIn;

    /// <summary>The five built-in classic-control ids (whatever else is registered).</summary>
    public static IReadOnlyList<string> BuiltInIds { get; } = Array.ConvertAll(BuiltIn, s => s.Id);

    /// <summary>Every id, built-in ones first, in a stable order.</summary>
    public static IReadOnlyList<string> Ids => Array.ConvertAll(Volatile.Read(ref _all), s => s.Id);

    /// <summary>The spec registered under <paramref name="id"/> (exact, case-sensitive as in Gymnasium).</summary>
    public static EnvSpec Spec(string id)
    {
        foreach (var s in Volatile.Read(ref _all))
            if (s.Id == id) return s;
        throw new InvalidSettingException($"Unknown environment id '{id}'. Known ids: {string.Join(", ", Ids)}.");
    }

    /// <summary>Whether <paramref name="id"/> is registered.</summary>
    public static bool Contains(string id) => Array.Exists(Volatile.Read(ref _all), s => s.Id == id);

    /// <summary>A fresh scalar environment for <paramref name="id"/>.</summary>
    public static Env Make(string id) => Spec(id).Create();

    /// <summary>
    /// Registers the user's environment under its id, so every string path resolves it. Registering
    /// the same id again replaces a user registration; a built-in id cannot be replaced.
    /// </summary>
    public static EnvSpec Register(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (Gate)
        {
            if (Array.Exists(BuiltIn, s => s.Id == spec.Id)) throw new InvalidSettingException($"'{spec.Id}' is a built-in environment id; give your environment another id.");
            _all = [.. _all.Where(s => s.Id != spec.Id), spec];
        }
        return spec;
    }

    /// <summary>Registers <paramref name="make"/> (a factory of fresh instances) under the id its instances report.</summary>
    public static EnvSpec Register(Func<Env> make) => Register(new EnvSpec(make));
}
