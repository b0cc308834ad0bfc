// Any agent to a file and back, whatever produced it: a Q-network agent (DQN's model.bin, REIN-2's
// best.agent) or a PPO/A2C actor-critic agent (model.bin), each in a checked Container, or an ONNX
// model (ours, or an MLP policy torch.onnx wrote). Load reads the kind from the file's header (ONNX:
// from the .onnx extension) and returns an IAgent that acts allocation-free and is safe to share
// between threads. Every file the current format version writes is read, including the Q-network
// model kind that DQN runs wrote before agents and Q-network models became one kind.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io.Onnx;

namespace Rein2.Pure.Io;

/// <summary>Save and load agents of every kind.</summary>
public static class AgentFile
{
    /// <summary>
    /// Writes <paramref name="agent"/> to <paramref name="path"/> atomically: a <see cref="QAgent"/>
    /// (DQN, REIN-2) or an <see cref="ActorCriticModel"/> (PPO, A2C).
    /// </summary>
    public static void Save(string path, IAgent agent)
    {
        switch (agent)
        {
            case QAgent q: Container.Write(path, ContainerKind.Agent, ModelFiles.QNetworkPayload(q.EnvId, q.ToNetwork(), q.Scaling)); break;
            case ActorCriticModel m: ModelFiles.SaveActorCritic(path, m); break;
            case ActorAgent a: ActorFiles.Save(path, a); break;
            default: throw new InvalidSettingException($"Cannot save an agent of type {agent.GetType().Name}; AgentFile saves the library's agents (QAgent, ActorCriticModel, ActorAgent).");
        }
    }

    /// <summary>
    /// Loads an agent written by <see cref="Save"/> (or by `rein2 train` / `rein2 baseline`), or an ONNX
    /// model (a path ending in .onnx): one <see cref="SaveOnnx"/> wrote, or an MLP policy torch.onnx
    /// wrote (Gemm or MatMul + Add, Relu, Tanh, Sigmoid, LeakyRelu, Softmax, Sub/Div/Mul/Add/Min/Max/Clip
    /// with constants, Constant, Identity, Flatten, ArgMax), whose environment must then be given. The
    /// file's environment must be registered, or given as <paramref name="env"/> (your own
    /// environment). A missing, truncated, corrupted, wrong-kind or unsupported file is an
    /// InvalidDataException or FileNotFoundException naming it.
    /// </summary>
    public static IAgent Load(string path, EnvSpec? env = null) => IsOnnx(path) ? LoadOnnx(path, env) : ModelFiles.KindOf(path) switch
    {
        ContainerKind.Agent => Q(ModelFiles.LoadQNetwork(path, Container.Read(path, ContainerKind.Agent), env)),
        ContainerKind.QNetworkModel => Q(ModelFiles.LoadQNetwork(path, Container.Read(path, ContainerKind.QNetworkModel), env)),
        ContainerKind.ActorCriticModel => ModelFiles.LoadActorCritic(path, env),
        ContainerKind.ActorAgent => ActorFiles.Load(path, env, ModelFiles.Resolve),
        var k => throw new InvalidDataException($"{path} is a {Container.Describe(k)}, not an agent."),
    };

    /// <summary>
    /// Writes <paramref name="agent"/> as an ONNX model (atomically) that maps raw observations
    /// "obs" [batch, obs_dim] to what <see cref="IAgent.Act"/> gives: a Q-network's "q_values" and
    /// "action" (their argmax, int64); a PPO/A2C policy's "logits" and "action" (Discrete) or "action"
    /// (Box: the Gaussian's mean clipped to the box), with VecNormalize's statistics baked in, and
    /// "value" when <see cref="OnnxExportOptions.IncludeValue"/>. The metadata names the environment,
    /// the spaces and the library version, so <see cref="Load"/> needs no environment for it.
    /// Returns what was written.
    /// </summary>
    public static OnnxExportSummary SaveOnnx(string path, IAgent agent, OnnxExportOptions? options = null)
    {
        var model = OnnxExport.Build(agent, options ?? new OnnxExportOptions());
        byte[] bytes = OnnxCodec.Write(model);
        AtomicFile.Write(path, s => s.Write(bytes));
        return new OnnxExportSummary(model.Meta(OnnxImport.KindKey)!, (int)model.Opset, [.. model.Outputs.Select(o => o.Name)], bytes.Length);
    }

    // ONNX files are named so by every tool that writes them; ours have no header of their own to sniff.
    static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    // Any ONNX file is untrusted: at most MaxOnnxBytes are read, everything is checked (OnnxCodec, OnnxImport).
    const long MaxOnnxBytes = 1L << 30;

    static OnnxAgent LoadOnnx(string path, EnvSpec? given)
    {
        byte[] bytes;
        using (var f = File.OpenRead(path))
        {
            if (f.Length > MaxOnnxBytes) throw new InvalidDataException($"{path}: {f.Length:N0} bytes is more than the {MaxOnnxBytes:N0} an ONNX model may have here.");
            bytes = new byte[f.Length];
            f.ReadExactly(bytes);
        }
        try
        {
            var model = OnnxCodec.Read(bytes);
            string? named = model.Meta(OnnxImport.EnvIdKey);
            EnvSpec env = given != null
                ? (named == null || named == given.Id ? given : throw new InvalidDataException($"it holds an agent for {named}, not for {given.Id}"))
                : named == null ? throw new InvalidDataException("the model does not say which environment it acts in (it was not written by Rein2.Pure): give the environment (rein2 --env ID, or an EnvSpec)")
                : EnvRegistry.Contains(named) ? EnvRegistry.Spec(named)
                : throw new InvalidDataException($"it is for the environment '{named}', which is not registered: call EnvRegistry.Register for it, or pass its EnvSpec to the loader");
            return OnnxImport.Compile(model, env);
        }
        // names and values from the file (an env id, a node's or a key's name) may hold control characters: shown as \xNN, so the message stays one line
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: {Shown(e.Message).TrimEnd('.')}.", e); }
    }

    static QAgent Q((string EnvId, QNetwork Q, ObservationScaling? Scaling) loaded) => new(loaded.EnvId, loaded.Q, loaded.Scaling);

    static string Shown(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString())) : text;
}
