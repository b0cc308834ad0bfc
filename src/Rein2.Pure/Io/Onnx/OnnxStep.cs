// One step of an imported policy, applied to one row: a Linear layer (A = W (Out, In) as nn.Linear
// keeps it, B = bias), an element-wise op with a per-feature constant (A, broadcast to the width), or
// an activation (Clip: A = [min, max]; LeakyRelu: A = [alpha]).
namespace Rein2.Pure.Io.Onnx;

/// <summary>What a step computes.</summary>
internal enum OnnxStepKind { Linear, Add, Sub, Mul, Div, Min, Max, Clip, Relu, Tanh, Sigmoid, LeakyRelu, Softmax }

/// <summary>A step of <see cref="OnnxAgent"/>'s chain, with its own constants (packed into one buffer by the agent).</summary>
internal sealed record OnnxStep(OnnxStepKind Kind, int In, int Out, float[] A, float[] B);
