// Fixed factors that bring an observation into about [−1, 1] before a network reads it:
// x' = (x − offset)·scale, offset the middle of the observation box and scale 2/(high − low). Why it
// can matter to REIN-2: a randomly initialised network weighs its inputs alike, so a component that
// spans ±0.07 (MountainCar's velocity, against the position's −1.2 … 0.6) is hardly seen — and no
// MountainCar policy that ignores the velocity can climb the hill. A component whose bounds are
// infinite (CartPole's velocities) passes unscaled: there is no fixed factor without data, and the
// produced agent must not depend on statistics gathered during the run. The factors travel with
// the agent (its file, its ONNX export as Sub and Mul).
namespace Rein2.Pure.Envs;

/// <summary>x' = (x − Offset)·Scale, per observation component; immutable.</summary>
public sealed class ObservationScaling
{
    readonly float[] _offset, _scale;

    /// <summary>The factors (each scale finite and non-zero, each offset finite).</summary>
    public ObservationScaling(float[] offset, float[] scale)
    {
        if (offset.Length != scale.Length || offset.Length == 0) throw new ArgumentException($"offset ({offset.Length}) and scale ({scale.Length}) need one entry per observation component.");
        for (int i = 0; i < scale.Length; i++)
            if (!float.IsFinite(offset[i]) || !float.IsFinite(scale[i]) || scale[i] == 0)
                throw new ArgumentException($"component {i}: offset {offset[i]} and scale {scale[i]} must be finite, the scale non-zero.");
        _offset = [.. offset];
        _scale = [.. scale];
    }

    /// <summary>The middle of each bounded component to 0 and its bounds to ±1; unbounded components unchanged.</summary>
    public static ObservationScaling FromBounds(BoxSpace space)
    {
        int n = space.Low.Length;
        var offset = new float[n];
        var scale = new float[n];
        for (int i = 0; i < n; i++)
        {
            float lo = space.Low[i], hi = space.High[i];
            bool bounded = float.IsFinite(lo) && float.IsFinite(hi) && hi > lo && float.IsFinite(hi - lo);
            offset[i] = bounded ? (lo + hi) / 2 : 0f;
            scale[i] = bounded ? 2f / (hi - lo) : 1f;
        }
        return new ObservationScaling(offset, scale);
    }

    /// <summary>Components.</summary>
    public int Size => _offset.Length;
    /// <summary>The offsets (a read-only view).</summary>
    public ReadOnlySpan<float> Offset => _offset;
    /// <summary>The scales (a read-only view).</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>Writes <paramref name="observation"/> scaled into <paramref name="scaled"/> (both of <see cref="Size"/> components).</summary>
    public void Apply(ReadOnlySpan<float> observation, Span<float> scaled)
    {
        for (int i = 0; i < _offset.Length; i++) scaled[i] = (observation[i] - _offset[i]) * _scale[i];
    }

    /// <summary>Scales <paramref name="rows"/> observations of <see cref="Size"/> components in place.</summary>
    public void Apply(Span<float> observations, int rows)
    {
        int d = _offset.Length;
        for (int r = 0; r < rows; r++)
        {
            var x = observations.Slice(r * d, d);
            for (int i = 0; i < d; i++) x[i] = (x[i] - _offset[i]) * _scale[i];
        }
    }
}
