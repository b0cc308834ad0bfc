// A weight subset of your own for REIN-2, chosen with what you know of the problem: the first
// layer's weights that read the room temperature (observation 0) and the output layer's biases (one
// per heater setting). The meta-learner then decides how strongly each hidden unit reacts to the room
// and how much each setting is preferred, and nothing else moves. Written as offsets from the
// network's initial values, so a zero meta-action is the initial network.
using Rein2.Pure.Meta;

namespace CustomEnv;

public sealed class ComfortSubset : IWeightSubset
{
    readonly int[] _indices;
    readonly float[] _initial;

    public ComfortSubset(WeightSubsetContext context)
    {
        var layout = context.Layout;
        int inputs = layout.In(0), last = layout.LayerCount - 1;
        // W₀ is (hidden, inputs), row-major: unit u reads observation 0 at u·inputs
        var fromRoom = Enumerable.Range(0, layout.Out(0)).Select(u => layout.WeightOffset(0) + u * inputs);
        var outputBiases = Enumerable.Range(layout.BiasOffset(last), layout.Out(last));
        _indices = [.. fromRoom.Concat(outputBiases).Order()];
        _initial = [.. _indices.Select(i => context.InitialParameters[i])];
    }

    public string Name => "comfort";

    public int Dimension => _indices.Length;

    public ReadOnlySpan<int> Indices => _indices;

    public void Start(Span<float> action) => action[.._indices.Length].Clear();

    public void Write(ReadOnlySpan<float> action, Span<float> values)
    {
        for (int j = 0; j < _indices.Length; j++) values[j] = _initial[j] + action[j];
    }
}
