// What AgentFile.SaveOnnx writes besides the action (the operator set, the optional value output), and what it wrote.
namespace Rein2.Pure.Io;

/// <summary>Options of an ONNX export.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The ONNX operator set, 13 (the default: ONNX Runtime, Unity Sentis) to 21; every op used is the same in all of them.</summary>
    public int Opset { get; init; } = 13;
    /// <summary>PPO/A2C: also output the value head's estimate as "value" [batch, 1].</summary>
    public bool IncludeValue { get; init; }
}

/// <summary>What <see cref="AgentFile.SaveOnnx"/> wrote.</summary>
/// <param name="Kind">"q_network", "categorical" or "gaussian".</param>
/// <param name="Opset">The ONNX operator set.</param>
/// <param name="Outputs">The graph's outputs in order, e.g. q_values, action.</param>
/// <param name="Bytes">The file's size.</param>
public sealed record OnnxExportSummary(string Kind, int Opset, IReadOnlyList<string> Outputs, long Bytes)
{
    /// <summary>"q-network, opset 17, outputs action, q_values, 1,234 bytes".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Kind}, opset {Opset}, outputs {string.Join(", ", Outputs)}, {Bytes:N0} bytes");
}
