// A deterministic actor for Box actions: an MLP whose tanh output is stretched over the action box,
// a = mid + tanh(y)·half (TD3's actor; the action a PPO policy's mean would give squashed into the box).
// REIN-2 produces it for continuous-action environments. A frozen copy of its parameters and an Act
// that keeps no state between calls: one agent serves any number of threads at once.
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Algos;

/// <summary>A deterministic actor in one Box-action environment; immutable and safe to share between threads.</summary>
public sealed class ActorAgent : IAgent
{
    readonly MlpLayout _layout;
    readonly float[] _parameters, _mid, _half, _low, _high;

    /// <summary>An actor with <paramref name="parameters"/> in <paramref name="layout"/> (its output activation tanh) over <paramref name="box"/>; <paramref name="scaling"/>: the observation is scaled first.</summary>
    public ActorAgent(string envId, MlpLayout layout, ReadOnlySpan<float> parameters, BoxSpace box, ObservationScaling? scaling = null)
    {
        if (layout.Output != Activation.Tanh) throw new ArgumentException("an actor's output layer is tanh (its output is stretched over the box).", nameof(layout));
        if (layout.OutputSize != box.Dim) throw new ArgumentException($"the network writes {layout.OutputSize} actions; the box has {box.Dim}.", nameof(box));
        if (parameters.Length != layout.ParameterCount) throw new ArgumentException($"{parameters.Length} parameters for a layout of {layout.ParameterCount}.", nameof(parameters));
        if (scaling != null && scaling.Size != layout.InputSize) throw new ArgumentException($"the scaling has {scaling.Size} components; the network reads {layout.InputSize}.", nameof(scaling));
        EnvId = envId;
        _layout = layout;
        _parameters = parameters.ToArray();
        _low = [.. box.Low]; _high = [.. box.High];
        _mid = [.. box.Low.Zip(box.High, (l, h) => (l + h) / 2)];
        _half = [.. box.Low.Zip(box.High, (l, h) => (h - l) / 2)];
        ActionSpace = box;
        Scaling = scaling;
    }

    /// <inheritdoc/>
    public string EnvId { get; }
    /// <inheritdoc/>
    public int ObservationSize => _layout.InputSize;
    /// <inheritdoc/>
    public Space ActionSpace { get; }
    /// <summary>The network's shape (its hidden layers ReLU, its output tanh).</summary>
    public MlpLayout Layout => _layout;
    /// <summary>The parameters in PyTorch's nn.Linear order (a read-only view of the snapshot).</summary>
    public ReadOnlySpan<float> Parameters => _parameters;
    /// <summary>The fixed factors the observation is scaled by first (null: raw observations).</summary>
    public ObservationScaling? Scaling { get; }

    /// <summary>The action, inside the box; allocation-free and thread-safe.</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        int d = _layout.InputSize, k = _layout.OutputSize;
        Span<float> y = k <= MlpInference.StackWidth ? stackalloc float[k] : MlpInference.ThreadScratch(ref t_wideOutput, k);
        if (Scaling is { } s)
        {
            Span<float> x = d <= MlpInference.StackWidth ? stackalloc float[d] : MlpInference.ThreadScratch(ref t_wideInput, d);
            s.Apply(observation, x);
            MlpInference.Forward(_layout, _parameters, x, y);
        }
        else MlpInference.Forward(_layout, _parameters, observation, y);
        Stretch(y, action);
    }

    /// <summary>action = clip(mid + y·half) for tanh outputs y, per dimension (the rows of a batch in turn).</summary>
    internal void Stretch(ReadOnlySpan<float> y, Span<float> action)
    {
        int k = _mid.Length;
        for (int i = 0; i < y.Length; i++) action[i] = Math.Clamp(_mid[i % k] + y[i] * _half[i % k], _low[i % k], _high[i % k]);
    }

    // beyond the stack's width: one buffer per thread (MlpInference.ThreadScratch)
    [ThreadStatic] static float[]? t_wideInput, t_wideOutput;
}
