// An ONNX graph compiled into the chain of steps an agent runs per observation. It reads MLP policies
// as torch.onnx writes them for SB3- and CleanRL-style networks: Gemm, or MatMul + Add; Relu, Tanh,
// Sigmoid, LeakyRelu, Softmax; Sub, Div, Mul, Add, Min, Max and Clip with constant operands (baked
// VecNormalize, action clipping); Constant, Identity, Flatten; ArgMax.
// Each node is run symbolically, in file order: a value is a constant tensor, a chain of steps from the
// observation (one row of `width` floats), or the ArgMax of a chain. A node that reads a value no
// earlier node wrote (a cycle, a graph out of order), an operator outside that list, a step that
// combines two computed values (a residual), a constant that does not broadcast, or a shape that does
// not match the environment is refused with the node's name and op. Then the output that is the
// agent's action is picked (Discrete: an ArgMax over n values, else n values — q_values or logits —
// whose argmax is taken; Box: d values, clipped to the box as SB3's predict clips) and its chain is
// packed into one flat weight buffer.
using Rein2.Pure.Envs;

namespace Rein2.Pure.Io.Onnx;

/// <summary>Compiles ONNX models into agents.</summary>
internal static class OnnxImport
{
    /// <summary>Metadata keys this library writes (and reads back to find the environment).</summary>
    public const string EnvIdKey = "rein2.env_id", KindKey = "rein2.kind";

    /// <summary>The operators read, as the refusal lists them.</summary>
    public const string SupportedOps = "Gemm, MatMul, Add, Sub, Mul, Div, Min, Max, Clip, Relu, Tanh, Sigmoid, LeakyRelu, Softmax, Constant, Identity, Flatten, ArgMax";

    // A symbolic value: a constant, a chain from the observation, or the argmax of a chain.
    abstract record Value;
    sealed record Const(OnnxTensor Tensor) : Value;
    sealed record Chain(Chain? Parent, OnnxStep? Step, int Width) : Value;
    sealed record ArgMaxOf(Chain Of) : Value;

    /// <summary>The agent <paramref name="model"/> describes, acting in <paramref name="env"/>.</summary>
    public static OnnxAgent Compile(OnnxModel model, EnvSpec env)
    {
        if (model.Opset is < 7 or > 23) throw new InvalidDataException($"it uses ONNX opset {model.Opset}; opsets 7 to 23 are read");
        int obsDim = env.ObservationSize;
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var t in model.Initializers)
        {
            if (t.Name.Length == 0 || !values.TryAdd(t.Name, new Const(t))) throw new InvalidDataException($"initializer '{t.Name}' is unnamed or named twice");
            RequireFinite(t, $"initializer '{t.Name}'");
        }
        string obsName = ObservationInput(model, obsDim, env.Id);
        values[obsName] = new Chain(null, null, obsDim);

        for (int i = 0; i < model.Nodes.Length; i++)
        {
            var node = model.Nodes[i];
            string who = node.Describe(i);
            if (node.Domain is not ("" or "ai.onnx")) throw new InvalidDataException($"{who} is from the operator domain '{node.Domain}'; only the default ONNX domain is read");
            var inputs = new Value?[node.Inputs.Length];
            for (int k = 0; k < inputs.Length; k++)
            {
                if (node.Inputs[k].Length == 0) continue;   // an optional input left out
                inputs[k] = values.TryGetValue(node.Inputs[k], out var v) ? v
                    : throw new InvalidDataException($"{who} reads '{node.Inputs[k]}', which no earlier node writes (the graph has a cycle, is out of order, or lacks that value)");
            }
            if (node.Outputs.Length == 0 || node.Outputs[0].Length == 0) throw new InvalidDataException($"{who} writes no output");
            var result = Run(node, who, inputs, model.Opset);
            if (!values.TryAdd(node.Outputs[0], result)) throw new InvalidDataException($"{who} writes '{node.Outputs[0]}', which is already written");
        }

        var (chain, argmax, name) = ActionOutput(model, values, env);
        var steps = new List<OnnxStep>();
        for (var c = chain; c.Step != null; c = c.Parent!) steps.Add(c.Step);
        steps.Reverse();
        return new OnnxAgent(env.Id, obsDim, env.ActionSpace, FoldBiases(steps), argmax, name);
    }

    // The one graph input that is not a constant: float, [batch, obs_dim] (or undeclared).
    static string ObservationInput(OnnxModel model, int obsDim, string envId)
    {
        var inputs = model.Inputs.Where(v => !model.Initializers.Any(t => t.Name == v.Name)).ToArray();
        if (inputs.Length != 1) throw new InvalidDataException($"the graph has {inputs.Length} inputs ({string.Join(", ", inputs.Select(v => v.Name))}); an agent reads one, the observation");
        var obs = inputs[0];
        if (obs.ElementType != OnnxDataType.Float) throw new InvalidDataException($"input '{obs.Name}' has element type {(int)obs.ElementType}; observations are FLOAT (1)");
        if (obs.Shape is { } s)
        {
            if (s.Length != 2) throw new InvalidDataException($"input '{obs.Name}' has shape [{string.Join(", ", s)}]; a [batch, {obsDim}] input is read");
            if (s[1].IsFixed && s[1].Value != obsDim) throw new InvalidDataException($"input '{obs.Name}' has shape [{string.Join(", ", s)}], but {envId} observations have {obsDim} values");
        }
        return obs.Name;
    }

    static Value Run(OnnxNode node, string who, Value?[] inputs, long opset)
    {
        switch (node.OpType)
        {
            case "Constant": return new Const(RequireFinite(ConstantValue(node, who), who));
            case "Identity": return Input(inputs, 0, who);
            case "Flatten":
                // [batch, n] with axis 1 (the default) is already flat
                if (Attr(node, "axis", 1) != 1) throw new InvalidDataException($"{who} flattens at axis {Attr(node, "axis", 1)}; only axis 1 ([batch, features]) is read");
                return Input(inputs, 0, who);
            case "Gemm": return Gemm(node, who, inputs);
            case "MatMul":
            {
                var x = ChainInput(inputs, 0, who);
                var b = ConstInput(inputs, 1, who, "the weight");
                if (b.Dims.Length != 2 || b.Dims[0] != x.Width) throw new InvalidDataException($"{who} multiplies [batch, {x.Width}] by a weight of shape [{string.Join(", ", b.Dims)}]; [{x.Width}, out] is read");
                int In = x.Width, Out = (int)b.Dims[1];
                return Linear(x, Transpose(b.Floats, In, Out), new float[Out], Out);
            }
            case "Add" or "Sub" or "Mul" or "Div" or "Min" or "Max":
            {
                var kind = node.OpType switch
                {
                    "Add" => OnnxStepKind.Add, "Sub" => OnnxStepKind.Sub, "Mul" => OnnxStepKind.Mul,
                    "Div" => OnnxStepKind.Div, "Min" => OnnxStepKind.Min, _ => OnnxStepKind.Max,
                };
                if (inputs.Length != 2) throw new InvalidDataException($"{who} has {inputs.Length} inputs; two are read");
                bool chainFirst = Input(inputs, 0, who) is Chain;
                if (!chainFirst && kind is OnnxStepKind.Sub or OnnxStepKind.Div) throw new InvalidDataException($"{who} computes a constant {(kind == OnnxStepKind.Sub ? "minus" : "divided by")} the computed value; only the computed value first is read");
                var x = ChainInput(inputs, chainFirst ? 0 : 1, who);
                var c = ConstInput(inputs, chainFirst ? 1 : 0, who, "the other operand");
                return Elementwise(x, kind, Broadcast(c, x.Width, who));
            }
            case "Clip":
            {
                var x = ChainInput(inputs, 0, who);
                float lo = float.NegativeInfinity, hi = float.PositiveInfinity;
                if (opset < 11) { lo = AttrF(node, "min", lo); hi = AttrF(node, "max", hi); }
                else
                {
                    if (inputs.Length > 1 && inputs[1] != null) lo = Scalar(ConstInput(inputs, 1, who, "the minimum"), who);
                    if (inputs.Length > 2 && inputs[2] != null) hi = Scalar(ConstInput(inputs, 2, who, "the maximum"), who);
                }
                if (!(lo <= hi)) throw new InvalidDataException($"{who} clips to [{lo}, {hi}], an empty range");
                return Elementwise(x, OnnxStepKind.Clip, [lo, hi]);
            }
            case "Relu": return Elementwise(ChainInput(inputs, 0, who), OnnxStepKind.Relu, []);
            case "Tanh": return Elementwise(ChainInput(inputs, 0, who), OnnxStepKind.Tanh, []);
            case "Sigmoid": return Elementwise(ChainInput(inputs, 0, who), OnnxStepKind.Sigmoid, []);
            case "LeakyRelu": return Elementwise(ChainInput(inputs, 0, who), OnnxStepKind.LeakyRelu, [AttrF(node, "alpha", 0.01f)]);
            case "Softmax":
            {
                // opset 13 defaults to the last axis, earlier ones to axis 1: both are the features of [batch, n]
                long axis = Attr(node, "axis", opset >= 13 ? -1 : 1);
                if (axis is not (1 or -1)) throw new InvalidDataException($"{who} takes the softmax over axis {axis}; only the feature axis (1 or -1) is read");
                return Elementwise(ChainInput(inputs, 0, who), OnnxStepKind.Softmax, []);
            }
            case "ArgMax":
            {
                long axis = Attr(node, "axis", 0);
                if (axis is not (1 or -1)) throw new InvalidDataException($"{who} takes the argmax over axis {axis}; only the feature axis (1 or -1) is read");
                if (Attr(node, "select_last_index", 0) != 0) throw new InvalidDataException($"{who} picks the last index on ties; agents here pick the first (torch.argmax)");
                return new ArgMaxOf(ChainInput(inputs, 0, who));
            }
            default:
                throw new InvalidDataException($"{who} is not supported; the operators read are {SupportedOps}");
        }
    }

    static Value Gemm(OnnxNode node, string who, Value?[] inputs)
    {
        if (Attr(node, "transA", 0) != 0) throw new InvalidDataException($"{who} transposes its input (transA = 1); not read");
        var x = ChainInput(inputs, 0, who);
        var b = ConstInput(inputs, 1, who, "the weight");
        bool transB = Attr(node, "transB", 0) != 0;
        float alpha = AttrF(node, "alpha", 1f), beta = AttrF(node, "beta", 1f);
        if (b.Dims.Length != 2 || b.Dims[transB ? 1 : 0] != x.Width)
            throw new InvalidDataException($"{who} has a weight of shape [{string.Join(", ", b.Dims)}] (transB = {(transB ? 1 : 0)}) for an input of {x.Width} values");
        int Out = (int)b.Dims[transB ? 0 : 1];
        // nn.Linear's (out, in) layout is what torch writes with transB = 1; otherwise B is (in, out)
        float[] w = transB ? (float[])b.Floats.Clone() : Transpose(b.Floats, x.Width, Out);
        if (alpha != 1f) for (int i = 0; i < w.Length; i++) w[i] *= alpha;
        float[] bias = inputs.Length > 2 && inputs[2] != null ? Broadcast(ConstInput(inputs, 2, who, "the bias"), Out, who) : new float[Out];
        if (beta != 1f) for (int i = 0; i < bias.Length; i++) bias[i] *= beta;
        return Linear(x, w, bias, Out);
    }

    static Chain Linear(Chain x, float[] w, float[] bias, int Out) => new(x, new OnnxStep(OnnxStepKind.Linear, x.Width, Out, w, bias), Out);

    static Chain Elementwise(Chain x, OnnxStepKind kind, float[] args) => new(x, new OnnxStep(kind, x.Width, x.Width, args, []), x.Width);

    // MatMul + Add (and Gemm + Add) become one Linear step: the vector added is its bias.
    static List<OnnxStep> FoldBiases(List<OnnxStep> steps)
    {
        var folded = new List<OnnxStep>();
        foreach (var s in steps)
        {
            if (s.Kind == OnnxStepKind.Add && folded.Count > 0 && folded[^1] is { Kind: OnnxStepKind.Linear } linear)
            {
                var bias = (float[])linear.B.Clone();
                for (int i = 0; i < bias.Length; i++) bias[i] += s.A[i];
                folded[^1] = linear with { B = bias };
                continue;
            }
            folded.Add(s);
        }
        return folded;
    }

    // The output the agent acts on, and whether the action is an argmax.
    static (Chain Chain, bool ArgMax, string Name) ActionOutput(OnnxModel model, Dictionary<string, Value> values, EnvSpec env)
    {
        var outputs = model.Outputs.Select(o => (o.Name, Value: values.GetValueOrDefault(o.Name))).ToArray();
        string Listed() => string.Join(", ", outputs.Select(o => o.Value switch
        {
            Chain c => $"{o.Name} [batch, {c.Width}]",
            ArgMaxOf a => $"{o.Name} = argmax of {a.Of.Width}",
            Const => $"{o.Name} (a constant)",
            _ => $"{o.Name} (not written by any node)",
        }));
        static int Rank(string name, string preferred) => name == preferred ? 0 : 1;
        switch (env.ActionSpace)
        {
            case DiscreteSpace d:
                var argmax = outputs.Where(o => o.Value is ArgMaxOf a && a.Of.Width == d.N).OrderBy(o => Rank(o.Name, "action")).ToArray();
                if (argmax.Length > 0) return (((ArgMaxOf)argmax[0].Value!).Of, true, argmax[0].Name);
                var scores = outputs.Where(o => o.Value is Chain c && c.Width == d.N)
                    .OrderBy(o => o.Name is "q_values" or "logits" or "action" ? 0 : 1).ToArray();
                if (scores.Length > 0) return ((Chain)scores[0].Value!, true, scores[0].Name);
                throw new InvalidDataException($"no output gives {d.N} action scores or their argmax for {env.Id} ({d}); outputs: {Listed()}");
            case BoxSpace b:
                var actions = outputs.Where(o => o.Value is Chain c && c.Width == b.Dim).OrderBy(o => Rank(o.Name, "action")).ToArray();
                if (actions.Length > 0) return ((Chain)actions[0].Value!, false, actions[0].Name);
                throw new InvalidDataException($"no output gives the {b.Dim} action values {env.Id} takes; outputs: {Listed()}");
            default:
                throw new InvalidDataException($"{env.Id}'s action space {env.ActionSpace} is not one an agent acts in");
        }
    }

    // ---------------------------------------------------------------- operands and attributes

    static Value Input(Value?[] inputs, int k, string who) =>
        k < inputs.Length && inputs[k] is { } v ? v : throw new InvalidDataException($"{who} lacks input {k + 1}");

    static Chain ChainInput(Value?[] inputs, int k, string who) => Input(inputs, k, who) switch
    {
        Chain c => c,
        Const => throw new InvalidDataException($"{who} takes a constant where it should take the computed value; constant-only computations are not read"),
        _ => throw new InvalidDataException($"{who} reads an argmax; only the action may be an argmax"),
    };

    static OnnxTensor ConstInput(Value?[] inputs, int k, string who, string what) => Input(inputs, k, who) switch
    {
        Const { Tensor.Type: OnnxDataType.Float } c => c.Tensor,
        Const => throw new InvalidDataException($"{who}: {what} is not a FLOAT tensor"),
        _ => throw new InvalidDataException($"{who}: {what} is computed from the observation; only a constant is read there (an MLP, no residual or attention)"),
    };

    static float Scalar(OnnxTensor t, string who) =>
        t.Floats.Length == 1 ? t.Floats[0] : throw new InvalidDataException($"{who}: a bound of shape [{string.Join(", ", t.Dims)}]; a scalar is read");

    // A constant applied to every row of [batch, width]: a scalar, [width] or [1, width].
    static float[] Broadcast(OnnxTensor c, int width, string who)
    {
        int rank = c.Dims.Length;
        bool scalar = c.Floats.Length == 1 && c.Dims.All(d => d == 1);
        bool row = c.Floats.Length == width && rank >= 1 && c.Dims[^1] == width && c.Dims.SkipLast(1).All(d => d == 1) && rank <= 2;
        if (scalar) { var v = new float[width]; Array.Fill(v, c.Floats[0]); return v; }
        if (row) return (float[])c.Floats.Clone();
        throw new InvalidDataException($"{who}: constant '{c.Name}' of shape [{string.Join(", ", c.Dims)}] does not broadcast to [batch, {width}]");
    }

    static float[] Transpose(float[] a, int rows, int cols)
    {
        var t = new float[a.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }

    // a weight that is NaN or infinite would be scored as an agent, silently (the native format refuses it too)
    static OnnxTensor RequireFinite(OnnxTensor t, string what)
    {
        int bad = Array.FindIndex(t.Floats, v => !float.IsFinite(v));
        if (bad >= 0) throw new InvalidDataException($"{what} holds {t.Floats[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)} at index {bad}; every weight must be a finite number");
        return t;
    }

    static OnnxTensor ConstantValue(OnnxNode node, string who)
    {
        if (node.Attributes.Length != 1) throw new InvalidDataException($"{who} has {node.Attributes.Length} attributes; a Constant has one value");
        var a = node.Attributes[0];
        string name = node.Outputs[0];
        return a.Name switch
        {
            "value" when a.T != null => a.T with { Name = name },
            "value_float" => OnnxTensor.Of(name, [], [a.F]),
            "value_floats" => OnnxTensor.Of(name, [a.Floats!.Length], a.Floats),
            "value_int" => new OnnxTensor(name, [], OnnxDataType.Int64, [], [a.I]),
            "value_ints" => new OnnxTensor(name, [a.Ints!.Length], OnnxDataType.Int64, [], a.Ints),
            _ => throw new InvalidDataException($"{who} holds its value as '{a.Name}'; value, value_float(s) and value_int(s) are read"),
        };
    }

    static long Attr(OnnxNode node, string name, long fallback) => node.Attribute(name) switch
    {
        null => fallback,
        { Type: OnnxAttribute.IntType or 0 } a => a.I,
        var a => throw new InvalidDataException($"{node.Describe(-1)}: attribute {name} has type {a.Type}, not INT"),
    };

    static float AttrF(OnnxNode node, string name, float fallback) => node.Attribute(name) switch
    {
        null => fallback,
        { Type: OnnxAttribute.FloatType or 0 } a => a.F,
        var a => throw new InvalidDataException($"{node.Describe(-1)}: attribute {name} has type {a.Type}, not FLOAT"),
    };
}
