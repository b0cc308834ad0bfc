// What a REIN-2 configuration would allocate, checked before anything is: the inner Q-network's
// parameters and the meta-learner's largest buffers grow with inner_net_arch and rbv, and a
// configuration inside every setting's own range (8 layers of 4,096) can ask for more than one .NET
// array holds (the rollout buffer of a PPO meta-learner is n_steps × the subset's size) or more
// memory than the machine has. Refused up front with the numbers, not after a minute of allocating.
using System.Globalization;
using Rein2.Pure.Envs;

namespace Rein2.Pure.Meta;

internal static class Rein2Footprint
{
    /// <summary>Throws an InvalidSettingException when <paramref name="o"/> over <paramref name="env"/> cannot be allocated.</summary>
    public static void Check(Rein2Options o, EnvSpec env, int nActions)
    {
        long[] sizes = [env.ObservationSize, .. o.InnerNetArch.Select(h => (long)h), nActions];
        long p = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) p += sizes[l] * sizes[l + 1] + sizes[l + 1];
        string arch = $"inner_net_arch={string.Join(',', o.InnerNetArch)}";
        if (p > Array.MaxLength)
            throw new InvalidSettingException($"{arch} makes a Q-network of {N(p)} parameters; a network's parameters are one array, which holds at most {N(Array.MaxLength)}. Use smaller or fewer layers.");
        long lastLayer = sizes[^2] * sizes[^1] + sizes[^1];
        long k = o.Subset switch
        {
            SubsetKind.Layer => lastLayer,
            SubsetKind.Subspace => o.SubspaceDim,
            _ => Math.Max(1, (long)Math.Round(o.RbvFraction * p, MidpointRounding.ToEven)),
        };
        // the inner network per evaluation thread, its gradient-free copies, and the subset's vectors
        long floats = p * (o.Threads + 2) + 8 * k;
        if (o.Subset == SubsetKind.Subspace)
        {
            long map = (k + 1) * p;   // P and θ₀, (d + 1) × P
            if (map > Array.MaxLength)
                throw new InvalidSettingException($"subset=subspace with subspace_dim={k} over {N(p)} parameters needs a map of {N(map)} floats, more than one array holds ({N(Array.MaxLength)}). Use a smaller subspace_dim or inner_net_arch.");
            floats += map;
        }
        if (o.HasMetaTrainer)
        {
            var m = o.EffectiveMetaOptions;
            long rollout = (long)m.NSteps * (k + 1);
            if (rollout > Array.MaxLength)
                throw new InvalidSettingException($"{arch} with rbv={o.RbvFraction.ToString(CultureInfo.InvariantCulture)} gives a subset of {N(k)} weights; the {o.MetaAlgo.ToString().ToUpperInvariant()} meta-learner's rollout buffer would be n_steps × {N(k + 1)} = {N(rollout)} floats, more than one array holds ({N(Array.MaxLength)}). Use a smaller inner_net_arch, rbv or meta.n_steps.");
            long hidden = m.NetArch.Length > 0 ? m.NetArch[0] : 64, last = m.NetArch.Length > 0 ? m.NetArch[^1] : 64;
            long metaParams = 2 * (k + 1) * hidden + last * k + k;   // policy and value first layers, the action head, log σ
            floats += 2 * rollout + 4 * metaParams;                   // observations and actions; parameters, gradients, two Adam moments
        }
        else floats += 16 * k;                                        // a generation's candidates and the search's moments
        long bytes = 4 * floats, available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available > 0 && bytes > available)
            throw new InvalidSettingException($"{arch} with rbv={o.RbvFraction.ToString(CultureInfo.InvariantCulture)} would need about {bytes / 1e9:F1} GB ({N(p)} inner parameters, a subset of {N(k)}); this process may use {available / 1e9:F1} GB. Use a smaller inner_net_arch or rbv.");
    }

    static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
