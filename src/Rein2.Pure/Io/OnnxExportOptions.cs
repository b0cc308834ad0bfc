// What AgentFile.SaveOnnx writes besides the action: the operator set and the optional value output.
namespace Rein2.Pure.Io;

/// <summary>Options of an ONNX export.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The ONNX operator set, 13 (the default: ONNX Runtime, Unity Sentis) to 21; every op used is the same in all of them.</summary>
    public int Opset { get; init; } = 13;
    /// <summary>PPO/A2C: also output the value head's estimate as "value" [batch, 1].</summary>
    public bool IncludeValue { get; init; }
}
