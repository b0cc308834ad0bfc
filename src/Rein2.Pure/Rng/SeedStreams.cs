// Independent random streams for independent consumers, all derived from one master seed, the way
// NumPy's SeedSequence(seed).spawn(n) does it: child i has spawn key (i,). Consumers never share a
// stream, so adding draws to one (e.g. more replay samples) never shifts another (e.g. env resets).
namespace Rein2.Pure.Rng;

/// <summary>Named indices of the child streams spawned from a run's master seed.</summary>
internal enum StreamId : ulong
{
    /// <summary>Network initialisation.</summary>
    Init = 0,
    /// <summary>Policy action sampling and exploration.</summary>
    Policy = 1,
    /// <summary>Minibatch permutations and replay sampling.</summary>
    Sampling = 2,
    /// <summary>Randomized Batch Vector index choice (REIN-2).</summary>
    Rbv = 3,
    /// <summary>Seeds for environment resets.</summary>
    Env = 4,
    /// <summary>Seeds of final re-evaluations (never used during training).</summary>
    FinalEval = 5,
}

/// <summary>Builds the generator of one consumer from a master seed.</summary>
internal static class SeedStreams
{
    /// <summary><c>PCG64(SeedSequence(masterSeed).spawn(id+1)[id])</c>.</summary>
    public static Pcg64 For(ulong masterSeed, StreamId id) =>
        new(new SeedSequence(masterSeed).Spawn((ulong)id));
}
