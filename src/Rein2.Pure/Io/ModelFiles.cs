// Trained models as Container files: the environment id, the architecture, the flat parameters and
// (for actor-critic models trained with VecNormalize) the observation statistics used at inference.
// Payloads (little-endian; strings length-prefixed UTF-8, float arrays length-prefixed):
//   Q-network     env | obs_dim i32 | n_actions i32 | n_hidden i32 | sizes i32… | params f32[]
//                 [| "input-scaling" | offset f32[obs_dim] | scale f32[obs_dim]]   (REIN-2's inner_obs=scaled)
//   actor-critic  env | algo | obs_dim i32 | discrete u8 | action_dim i32 | n_hidden i32 | sizes i32…
//                 | activation i32 | params f32[] | has_norm u8 [| n i32 | count f64 | mean f64[n] | var f64[n]]
// Loaders check every field against the environment and the ranges, and name the file on failure.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Io;

/// <summary>Save and load trained models.</summary>
internal static class ModelFiles
{
    /// <summary>Saves a Q-network for <paramref name="envId"/>.</summary>
    public static void SaveQNetwork(string path, string envId, QNetwork q) => Container.Write(path, ContainerKind.QNetworkModel, QNetworkPayload(envId, q));

    /// <summary>The payload of a Q-network file (shared with agent files, which differ only in kind).</summary>
    internal static byte[] QNetworkPayload(string envId, QNetwork q, ObservationScaling? scaling = null)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            Container.WriteString(w, envId);
            w.Write(q.ObsDim); w.Write(q.ActionCount);
            var L = q.Net.Layout;
            w.Write(L.LayerCount - 1);
            for (int l = 1; l < L.LayerCount; l++) w.Write(L.Sizes[l]);
            Container.WriteFloats(w, q.Net.Parameters);
            if (scaling != null)
            {
                Container.WriteString(w, ScalingTag);
                Container.WriteFloats(w, scaling.Offset); Container.WriteFloats(w, scaling.Scale);
            }
        }
        return ms.ToArray();
    }

    const string ScalingTag = "input-scaling";

    /// <summary>
    /// Loads a Q-network; throws InvalidDataException naming the file and the problem. The file's
    /// environment must be registered, or given as <paramref name="env"/>.
    /// </summary>
    public static (string EnvId, QNetwork Q) LoadQNetwork(string path, EnvSpec? env = null)
    {
        var (envId, q, _) = LoadQNetwork(path, Container.Read(path, ContainerKind.QNetworkModel), env);
        return (envId, q);
    }

    /// <summary>Parses a Q-network payload (shared with agent files).</summary>
    internal static (string EnvId, QNetwork Q, ObservationScaling? Scaling) LoadQNetwork(string path, byte[] payload, EnvSpec? envSpec)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload));
            string envId = Container.ReadString(r);
            var env = Resolve(envId, envSpec);
            int obsDim = r.ReadInt32(), nA = r.ReadInt32();
            if (obsDim != env.ObservationSize || env.ActionSpace is not DiscreteSpace d || d.N != nA)
                throw new InvalidDataException($"shapes {obsDim}→{nA} do not match {envId}.");
            var arch = ReadHidden(r);
            var q = new QNetwork(obsDim, nA, arch);
            var p = Container.ReadFloats(r, q.Net.Layout.ParameterCount);
            if (!Kernels.AllFinite(p)) throw new InvalidDataException("a parameter is NaN or infinite.");
            p.CopyTo(q.Net.Parameters);
            ObservationScaling? scaling = null;
            if (r.BaseStream.Position != r.BaseStream.Length)
            {
                if (Container.ReadString(r) != ScalingTag) throw new InvalidDataException("trailing bytes after the parameters.");
                scaling = new ObservationScaling(Container.ReadFloats(r, obsDim), Container.ReadFloats(r, obsDim));
                if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("trailing bytes after the input scaling.");
            }
            return (envId, q, scaling);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {(e is EndOfStreamException ? "payload ends early" : e.Message)}");
        }
    }

    /// <summary>The hidden layer sizes a model file holds (a count, then the sizes), each within the ranges the format allows.</summary>
    internal static int[] ReadHidden(BinaryReader r)
    {
        int hidden = r.ReadInt32();
        if (hidden is < 0 or > 8) throw new InvalidDataException($"{hidden} hidden layers is out of range.");
        var arch = new int[hidden];
        for (int i = 0; i < hidden; i++) { arch[i] = r.ReadInt32(); if (arch[i] is < 1 or > 4096) throw new InvalidDataException($"hidden size {arch[i]} is out of range."); }
        return arch;
    }

    // The environment a file names: the one given (it must be that id), else the registered one.
    internal static EnvSpec Resolve(string envId, EnvSpec? given)
    {
        if (given != null)
            return given.Id == envId ? given : throw new InvalidDataException($"it holds an agent for {envId}, not for {given.Id}.");
        return EnvRegistry.Contains(envId) ? EnvRegistry.Spec(envId)
            : throw new InvalidDataException($"it is for the environment '{envId}', which is not registered: call EnvRegistry.Register for it, or pass its EnvSpec to the loader.");
    }

    /// <summary>Saves an actor-critic policy (and its normalisation statistics, if any).</summary>
    public static void SaveActorCritic(string path, string envId, string algo, ActorCriticPolicy p, VecNormalize? norm) =>
        SaveActorCritic(path, envId, algo, p, norm?.ObsRms);

    /// <summary>Saves a deterministic actor-critic agent.</summary>
    public static void SaveActorCritic(string path, ActorCriticModel model) =>
        SaveActorCritic(path, model.EnvId, model.Algo, model.Policy, model.ObservationStats);

    static void SaveActorCritic(string path, string envId, string algo, ActorCriticPolicy p, RunningMeanStd? obsRms)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            Container.WriteString(w, envId);
            Container.WriteString(w, algo);
            w.Write(p.ObsDim); w.Write(p.IsDiscrete); w.Write(p.ActionDim);
            w.Write(p.NetArch.Count); foreach (int h in p.NetArch) w.Write(h);
            w.Write((int)p.ActivationFn);
            Container.WriteFloats(w, p.Parameters);
            w.Write(obsRms != null);
            if (obsRms != null)
            {
                w.Write(obsRms.Mean.Length);
                w.Write(obsRms.Count);
                foreach (double v in obsRms.Mean) w.Write(v);
                foreach (double v in obsRms.Var) w.Write(v);
            }
        }
        Container.Write(path, ContainerKind.ActorCriticModel, ms.ToArray());
    }

    /// <summary>
    /// Loads an actor-critic model; throws InvalidDataException naming the file and the problem. The
    /// file's environment must be registered, or given as <paramref name="envSpec"/>.
    /// </summary>
    public static ActorCriticModel LoadActorCritic(string path, EnvSpec? envSpec = null)
    {
        byte[] payload = Container.Read(path, ContainerKind.ActorCriticModel);
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload));
            string envId = Container.ReadString(r);
            string algo = Container.ReadString(r);
            if (algo is not ("ppo" or "a2c")) throw new InvalidDataException($"algorithm '{algo}' is not ppo or a2c.");
            var env = Resolve(envId, envSpec);
            int obsDim = r.ReadInt32();
            bool discrete = r.ReadBoolean();
            int actDim = r.ReadInt32();
            bool matches = obsDim == env.ObservationSize && env.ActionSpace switch
            {
                DiscreteSpace d => discrete && d.N == actDim,
                BoxSpace b => !discrete && b.Dim == actDim,
                _ => false,
            };
            if (!matches) throw new InvalidDataException($"shapes {obsDim}→{actDim} ({(discrete ? "discrete" : "continuous")}) do not match {envId}.");
            var arch = ReadHidden(r);
            int act = r.ReadInt32();
            if (!Enum.IsDefined((Activation)act)) throw new InvalidDataException($"activation {act} is not known.");
            var policy = new ActorCriticPolicy(obsDim, env.ActionSpace, arch, (Activation)act);
            var p = Container.ReadFloats(r, policy.Parameters.Length);
            if (!Kernels.AllFinite(p)) throw new InvalidDataException("a parameter is NaN or infinite.");
            p.CopyTo(policy.Parameters, 0);
            double[]? mean = null, var = null;
            if (r.ReadBoolean())
            {
                int n = r.ReadInt32();
                if (n != obsDim) throw new InvalidDataException($"normalisation statistics for {n} features, the observation has {obsDim}.");
                double count = r.ReadDouble();
                if (!(count > 0) || !double.IsFinite(count)) throw new InvalidDataException($"normalisation sample count {count} is not a positive number.");
                mean = new double[n]; var = new double[n];
                for (int i = 0; i < n; i++) mean[i] = r.ReadDouble();
                for (int i = 0; i < n; i++) var[i] = r.ReadDouble();
                if (mean.Any(m => !double.IsFinite(m)) || var.Any(v => !(v >= 0) || !double.IsFinite(v)))
                    throw new InvalidDataException("the normalisation statistics hold a NaN, infinite or negative variance value.");
            }
            if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("trailing bytes after the model.");
            return new ActorCriticModel(envId, env.ActionSpace, algo, policy, mean, var);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {(e is EndOfStreamException ? "payload ends early" : e.Message)}");
        }
    }

    /// <summary>What a Rein2.Pure file holds, from its header alone (checked fully when loaded).</summary>
    internal static ContainerKind KindOf(string path) => Container.PeekKind(path);
}
