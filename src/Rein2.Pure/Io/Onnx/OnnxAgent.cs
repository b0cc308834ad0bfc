// An agent imported from ONNX: the compiled chain of steps (OnnxImport) over one flat buffer of every
// weight and constant (llm.c style), run one observation at a time with two rows on the caller's stack,
// the same Linear and activation kernels as the library's own agents. It keeps no state between calls,
// so one agent serves any number of threads, and Act allocates nothing.
using System.Runtime.CompilerServices;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Io.Onnx;

/// <summary>A policy read from an ONNX file, acting deterministically; immutable and safe to share between threads.</summary>
internal sealed class OnnxAgent : IAgent
{
    readonly record struct Packed(OnnxStepKind Kind, int In, int Out, int A, int ALength, int B);

    readonly Packed[] _steps;
    readonly float[] _constants;   // every step's A and B, one after the other
    readonly int _maxWidth;
    readonly bool _argMax;
    readonly float[] _low = [], _high = [];

    /// <inheritdoc/>
    public string EnvId { get; }
    /// <inheritdoc/>
    public int ObservationSize { get; }
    /// <inheritdoc/>
    public Space ActionSpace { get; }
    /// <summary>The graph output the action comes from.</summary>
    public string ActionOutput { get; }
    /// <summary>The compiled steps, e.g. "Sub, Div, Clip, Linear 6→64, Tanh, …, argmax" (for messages and tests).</summary>
    public string Description { get; }

    public OnnxAgent(string envId, int obsDim, Space actionSpace, IReadOnlyList<OnnxStep> steps, bool argMax, string actionOutput)
    {
        EnvId = envId; ObservationSize = obsDim; ActionSpace = actionSpace; _argMax = argMax; ActionOutput = actionOutput;
        if (actionSpace is BoxSpace b) (_low, _high) = (b.Low.ToArray(), b.High.ToArray());
        _steps = new Packed[steps.Count];
        _constants = new float[steps.Sum(s => (long)s.A.Length + s.B.Length) is var n && n <= Array.MaxLength ? (int)n
            : throw new InvalidDataException("the model's constants do not fit one buffer")];
        int at = 0;
        _maxWidth = obsDim;
        for (int i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            s.A.CopyTo(_constants, at);
            s.B.CopyTo(_constants, at + s.A.Length);
            _steps[i] = new Packed(s.Kind, s.In, s.Out, at, s.A.Length, at + s.A.Length);
            at += s.A.Length + s.B.Length;
            _maxWidth = Math.Max(_maxWidth, s.Out);
        }
        Description = string.Join(", ", steps.Select(s => s.Kind == OnnxStepKind.Linear ? $"Linear {s.In}→{s.Out}" : s.Kind.ToString()))
                      + (argMax ? ", argmax" : actionSpace is BoxSpace ? ", clip to the box" : "");
    }

    /// <summary>The action for one raw observation (Discrete: the first maximum's index in action[0]; Box: the values clipped to the box); thread-safe.</summary>
    [SkipLocalsInit]
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        int w = _maxWidth;
        Span<float> rows = w <= MlpInference.StackWidth ? stackalloc float[2 * w] : MlpInference.Wide(2 * w);
        var x = Run(observation, rows);
        if (_argMax) { action[0] = Categorical.ArgMax(x); return; }
        for (int i = 0; i < _low.Length; i++) action[i] = Math.Clamp(x[i], _low[i], _high[i]);
    }

    /// <summary>The action output's values before the argmax or the clip (q_values, logits, the mean), into <paramref name="values"/>.</summary>
    internal void Values(ReadOnlySpan<float> observation, Span<float> values)
    {
        var rows = new float[2 * _maxWidth];
        var x = Run(observation, rows);
        x.CopyTo(values);
    }

    // The steps, with x in one of two rows of `rows` (2 × the widest step); returns the last values.
    ReadOnlySpan<float> Run(ReadOnlySpan<float> observation, Span<float> rows)
    {
        int w = _maxWidth;
        ReadOnlySpan<float> x = observation[..ObservationSize];
        int row = -1;   // the row x lives in; -1 while it is still the caller's observation
        foreach (ref readonly var s in _steps.AsSpan())
        {
            if (s.Kind == OnnxStepKind.Linear)
            {
                row = row == 0 ? 1 : 0;
                var y = rows.Slice(row * w, s.Out);
                Linear.Forward(y, x, _constants.AsSpan(s.A, s.ALength), _constants.AsSpan(s.B, s.Out), 1, s.In, s.Out);
                x = y;
                continue;
            }
            if (row < 0) { row = 0; x.CopyTo(rows); }
            var v = rows.Slice(row * w, s.In);
            Apply(s, _constants.AsSpan(s.A, s.ALength), v);
            x = v;
        }
        return x;
    }

    // x ← op(x) in place, for every element-wise step
    static void Apply(in Packed s, ReadOnlySpan<float> a, Span<float> x)
    {
        switch (s.Kind)
        {
            case OnnxStepKind.Add: for (int i = 0; i < x.Length; i++) x[i] += a[i]; break;
            case OnnxStepKind.Sub: for (int i = 0; i < x.Length; i++) x[i] -= a[i]; break;
            case OnnxStepKind.Mul: for (int i = 0; i < x.Length; i++) x[i] *= a[i]; break;
            case OnnxStepKind.Div: for (int i = 0; i < x.Length; i++) x[i] /= a[i]; break;
            case OnnxStepKind.Min: for (int i = 0; i < x.Length; i++) x[i] = MathF.Min(x[i], a[i]); break;
            case OnnxStepKind.Max: for (int i = 0; i < x.Length; i++) x[i] = MathF.Max(x[i], a[i]); break;
            case OnnxStepKind.Clip: for (int i = 0; i < x.Length; i++) x[i] = Math.Clamp(x[i], a[0], a[1]); break;
            case OnnxStepKind.Relu: Activations.Forward(x, Activation.Relu); break;
            case OnnxStepKind.Tanh: Activations.Forward(x, Activation.Tanh); break;
            case OnnxStepKind.Sigmoid: for (int i = 0; i < x.Length; i++) x[i] = 1f / (1f + MathF.Exp(-x[i])); break;
            case OnnxStepKind.LeakyRelu: for (int i = 0; i < x.Length; i++) x[i] = x[i] >= 0f ? x[i] : a[0] * x[i]; break;
            case OnnxStepKind.Softmax:
                float max = float.NegativeInfinity, sum = 0f;
                foreach (float v in x) max = MathF.Max(max, v);
                for (int i = 0; i < x.Length; i++) { x[i] = MathF.Exp(x[i] - max); sum += x[i]; }
                for (int i = 0; i < x.Length; i++) x[i] /= sum;
                break;
            default: throw new InvalidOperationException($"step {s.Kind} is not element-wise");
        }
    }
}
