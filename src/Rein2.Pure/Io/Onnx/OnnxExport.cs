// An agent as an ONNX graph that takes raw observations obs [batch, obs_dim] (float32) and gives what
// its Act gives, for every row:
//   Q-network (DQN, REIN-2)   Gemm → act → … → Gemm = q_values [batch, n];  ArgMax → action [batch] (int64)
//   PPO/A2C, Discrete         (VecNormalize) → policy MLP = logits [batch, n];  ArgMax → action [batch]
//   PPO/A2C, Box              (VecNormalize) → policy MLP = the Gaussian's mean → clipped to the box = action [batch, d]
//   optional, PPO/A2C         (VecNormalize) → value MLP = value [batch, 1]
// VecNormalize is baked in as SB3 applies it, clip((obs − mean) / sqrt(var + eps), ±clip_obs): Sub, Div,
// Clip. Gemm with transB = 1 takes nn.Linear's (out, in) weights as they are, as torch.onnx writes them.
// Everything used exists unchanged from opset 13 (the default; ONNX Runtime and Unity Sentis read it)
// through 21; the IR version written is the one each opset came with.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Io.Onnx;

/// <summary>Builds the ONNX model of an agent.</summary>
internal static class OnnxExport
{
    public const int MinOpset = 13, MaxOpset = 21;

    /// <summary>The ONNX model of <paramref name="agent"/> (a <see cref="QAgent"/> or an <see cref="ActorCriticModel"/>).</summary>
    public static OnnxModel Build(IAgent agent, OnnxExportOptions options)
    {
        if (options.Opset is < MinOpset or > MaxOpset)
            throw new InvalidSettingException($"ONNX opset {options.Opset} is not offered; allowed: {MinOpset} to {MaxOpset}.");
        var g = new GraphBuilder();
        string kind;
        const string obs = "obs";
        var outputs = new List<OnnxValueInfo>();
        switch (agent)
        {
            case QAgent q:
                if (options.IncludeValue) throw new InvalidSettingException("A Q-network has no value head; the value output is for PPO/A2C policies.");
                kind = "q_network";
                g.Mlp(q.Scaling is { } scaling ? g.Scale(obs, scaling) : obs, MlpOf(q), q.Parameters, "q", "q_values");
                g.ArgMax("q_values", "action");
                outputs.Add(Batch("q_values", OnnxDataType.Float, q.ActionCount()));
                outputs.Add(Batch("action", OnnxDataType.Int64));
                break;
            case ActorCriticModel m:
                var p = m.Policy;
                string x = m.Normalizer is { } norm ? g.Normalize(obs, norm) : obs;
                if (p.IsDiscrete)
                {
                    kind = "categorical";
                    g.Mlp(x, p.Pi.Layout, p.Pi.Parameters, "pi", "logits");
                    g.ArgMax("logits", "action");
                    outputs.Add(Batch("logits", OnnxDataType.Float, p.ActionDim));
                    outputs.Add(Batch("action", OnnxDataType.Int64));
                }
                else
                {
                    kind = "gaussian";
                    var box = (BoxSpace)m.ActionSpace;
                    g.Mlp(x, p.Pi.Layout, p.Pi.Parameters, "pi", "mean");
                    g.ClipToBox("mean", box, "action");
                    outputs.Add(Batch("action", OnnxDataType.Float, p.ActionDim));
                }
                if (options.IncludeValue)
                {
                    g.Mlp(x, p.Vf.Layout, p.Vf.Parameters, "vf", "value");
                    outputs.Add(Batch("value", OnnxDataType.Float, 1));
                }
                break;
            case ActorAgent a:
                if (options.IncludeValue) throw new InvalidSettingException("A deterministic actor has no value head; the value output is for PPO/A2C policies.");
                kind = "deterministic_actor";
                var actions = (BoxSpace)a.ActionSpace;
                g.Mlp(a.Scaling is { } s ? g.Scale(obs, s) : obs, a.Layout, a.Parameters, "actor", "squashed");
                g.Stretch("squashed", actions, "stretched");
                g.ClipToBox("stretched", actions, "action");
                outputs.Add(Batch("action", OnnxDataType.Float, actions.Dim));
                break;
            default:
                throw new InvalidSettingException($"Cannot export an agent of type {agent.GetType().Name} to ONNX; the library's agents (QAgent, ActorCriticModel, ActorAgent) export.");
        }
        var meta = new List<KeyValuePair<string, string>>
        {
            new(OnnxImport.EnvIdKey, agent.EnvId),
            new(OnnxImport.KindKey, kind),
            new("rein2.observation_size", agent.ObservationSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("rein2.action_space", agent.ActionSpace.ToString()),
            new("rein2.version", RunSummary.Version),
        };
        if (EnvRegistry.Contains(agent.EnvId)) meta.Insert(2, new("rein2.observation_space", EnvRegistry.Spec(agent.EnvId).ObservationSpace.ToString()));
        if (agent is ActorCriticModel ac) meta.Insert(2, new("rein2.algo", ac.Algo));
        return new OnnxModel(IrVersionOf(options.Opset), options.Opset, "Rein2.Pure", RunSummary.Version,
            [.. g.Nodes], [.. g.Initializers], [Batch(obs, OnnxDataType.Float, agent.ObservationSize)], [.. outputs], [.. meta]);
    }

    // The IR version each opset was released with (onnx/docs/Versioning.md).
    static long IrVersionOf(int opset) => opset switch { <= 14 => 7, <= 18 => 8, <= 20 => 9, _ => 10 };

    static MlpLayout MlpOf(QAgent q) => new([q.ObservationSize, .. q.NetArch, q.ActionCount()], Activation.Relu);

    static int ActionCount(this QAgent q) => ((DiscreteSpace)q.ActionSpace).N;

    // [batch] or [batch, width], the batch dynamic.
    static OnnxValueInfo Batch(string name, OnnxDataType type, int? width = null) =>
        new(name, type, width is int w ? [OnnxDim.Dynamic("batch"), new OnnxDim(w, null)] : [OnnxDim.Dynamic("batch")]);

    /// <summary>Nodes and initializers, appended in topological order.</summary>
    sealed class GraphBuilder
    {
        public readonly List<OnnxNode> Nodes = [];
        public readonly List<OnnxTensor> Initializers = [];

        string Constant(string name, long[] dims, float[] values)
        {
            Initializers.Add(OnnxTensor.Of(name, dims, values));
            return name;
        }

        void Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes) =>
            Nodes.Add(new OnnxNode($"{op}_{Nodes.Count}", op, "", inputs, [output], attributes));

        /// <summary>Linear layers (Gemm, transB = 1) and activations of <paramref name="layout"/>; the last layer writes <paramref name="output"/>.</summary>
        public void Mlp(string x, MlpLayout layout, ReadOnlySpan<float> parameters, string prefix, string output)
        {
            for (int l = 0; l < layout.LayerCount; l++)
            {
                int In = layout.In(l), Out = layout.Out(l);
                bool last = l == layout.LayerCount - 1;
                string w = Constant($"{prefix}.{l}.weight", [Out, In], parameters.Slice(layout.WeightOffset(l), Out * In).ToArray());
                string b = Constant($"{prefix}.{l}.bias", [Out], parameters.Slice(layout.BiasOffset(l), Out).ToArray());
                var act = layout.ActivationOf(l);
                string y = last && act == Activation.Identity ? output : $"{prefix}.{l}.linear";
                Node("Gemm", [x, w, b], y, new OnnxAttribute("transB", OnnxAttribute.IntType, I: 1));
                x = y;
                if (act == Activation.Identity) continue;
                string a = last ? output : $"{prefix}.{l}.{act.ToString().ToLowerInvariant()}";
                Node(act == Activation.Relu ? "Relu" : "Tanh", [x], a);
                x = a;
            }
        }

        /// <summary>action = the first index of the row maximum, int64 [batch] (torch.argmax).</summary>
        public void ArgMax(string x, string output) =>
            Node("ArgMax", [x], output, new OnnxAttribute("axis", OnnxAttribute.IntType, I: 1), new OnnxAttribute("keepdims", OnnxAttribute.IntType, I: 0));

        /// <summary>An actor's tanh output stretched over the box: mid + y·half (ActorAgent.Stretch).</summary>
        public void Stretch(string y, BoxSpace box, string output)
        {
            int k = box.Dim;
            var half = box.Low.Zip(box.High, (l, h) => (h - l) / 2).ToArray();
            var mid = box.Low.Zip(box.High, (l, h) => (l + h) / 2).ToArray();
            Node("Mul", [y, Constant("action.half", [k], half)], y + "_scaled");
            Node("Add", [y + "_scaled", Constant("action.mid", [k], mid)], output);
        }

        /// <summary>REIN-2's fixed input scaling: (x − offset)·scale, as the agent applies it (one rounding each).</summary>
        public string Scale(string x, Envs.ObservationScaling scaling)
        {
            int n = scaling.Size;
            Node("Sub", [x, Constant("obs_scaling.offset", [n], scaling.Offset.ToArray())], "obs_offset");
            Node("Mul", ["obs_offset", Constant("obs_scaling.scale", [n], scaling.Scale.ToArray())], "obs_input");
            return "obs_input";
        }

        /// <summary>VecNormalize's observation transform: clip((x − mean) / sqrt(var + eps), −clip, clip).</summary>
        public string Normalize(string x, VecNormalize norm)
        {
            var rms = norm.ObsRms;
            int n = rms.Mean.Length;
            string mean = Constant("obs_rms.mean", [n], rms.Mean.Select(v => (float)v).ToArray());
            string std = Constant("obs_rms.std", [n], rms.Var.Select(v => (float)Math.Sqrt(v + norm.Epsilon)).ToArray());
            Node("Sub", [x, mean], "obs_centered");
            Node("Div", ["obs_centered", std], "obs_scaled");
            string lo = Constant("obs_clip.min", [], [(float)-norm.ClipObs]), hi = Constant("obs_clip.max", [], [(float)norm.ClipObs]);
            Node("Clip", ["obs_scaled", lo, hi], "obs_normalized");
            return "obs_normalized";
        }

        /// <summary>x clipped to the box: one Clip when the bounds are the same in every dimension, else Min then Max.</summary>
        public void ClipToBox(string x, BoxSpace box, string output)
        {
            if (box.Low.All(v => v == box.Low[0]) && box.High.All(v => v == box.High[0]))
            {
                Node("Clip", [x, Constant("action.low", [], [box.Low[0]]), Constant("action.high", [], [box.High[0]])], output);
                return;
            }
            Node("Min", [x, Constant("action.high", [box.Dim], box.High.ToArray())], "mean_below_high");
            Node("Max", ["mean_below_high", Constant("action.low", [box.Dim], box.Low.ToArray())], output);
        }
    }
}
