// The part of an ONNX model (onnx/onnx.proto, IR version 7+) that an MLP policy needs, as plain data:
// the graph's nodes in order, its constant tensors, its inputs and outputs with their shapes, the
// operator set and the metadata. OnnxCodec turns it into protobuf bytes and back; OnnxExport builds
// one from an agent, OnnxImport compiles one into an agent.
namespace Rein2.Pure.Io.Onnx;

/// <summary>TensorProto.DataType values this library reads or writes.</summary>
internal enum OnnxDataType { Undefined = 0, Float = 1, Int64 = 7, Double = 11 }

/// <summary>A constant tensor (an initializer or a Constant node's value); float data, or int64 data.</summary>
internal sealed record OnnxTensor(string Name, long[] Dims, OnnxDataType Type, float[] Floats, long[] Longs)
{
    /// <summary>A float tensor.</summary>
    public static OnnxTensor Of(string name, long[] dims, float[] data) => new(name, dims, OnnxDataType.Float, data, []);

    /// <summary>Number of elements.</summary>
    public long Count => Type == OnnxDataType.Int64 ? Longs.Length : Floats.Length;
}

/// <summary>One dimension of a declared shape: a fixed size, or a named (dynamic) one.</summary>
internal readonly record struct OnnxDim(long Value, string? Param)
{
    /// <summary>A dynamic dimension such as the batch.</summary>
    public static OnnxDim Dynamic(string name) => new(0, name);
    /// <summary>True for a fixed size.</summary>
    public bool IsFixed => Param == null && Value > 0;
    /// <summary>e.g. "batch" or "6".</summary>
    public override string ToString() => Param ?? (Value > 0 ? Value.ToString() : "?");
}

/// <summary>A graph input or output: its name, element type and shape (null when not declared).</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, OnnxDim[]? Shape);

/// <summary>A node attribute; which fields hold its value depends on <see cref="Type"/> (AttributeProto.AttributeType).</summary>
internal sealed record OnnxAttribute(string Name, int Type, float F = 0, long I = 0, string S = "", OnnxTensor? T = null, float[]? Floats = null, long[]? Ints = null)
{
    public const int FloatType = 1, IntType = 2, StringType = 3, TensorType = 4, FloatsType = 6, IntsType = 7;
}

/// <summary>One node: an operator applied to named values, writing named values.</summary>
internal sealed record OnnxNode(string Name, string OpType, string Domain, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes)
{
    /// <summary>The attribute called <paramref name="name"/>, or null.</summary>
    public OnnxAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    /// <summary>"'name' (Op)", or "#index (Op)" for an unnamed node: how errors name a node.</summary>
    public string Describe(int index) => Name.Length > 0 ? $"node '{Name}' ({OpType})" : index >= 0 ? $"node #{index} ({OpType})" : $"a {OpType} node";
}

/// <summary>A model: the graph and what the file says about it.</summary>
internal sealed record OnnxModel(
    long IrVersion,
    long Opset,
    string ProducerName,
    string ProducerVersion,
    OnnxNode[] Nodes,
    OnnxTensor[] Initializers,
    OnnxValueInfo[] Inputs,
    OnnxValueInfo[] Outputs,
    KeyValuePair<string, string>[] Metadata)
{
    /// <summary>The metadata value for <paramref name="key"/>, or null.</summary>
    public string? Meta(string key) => Metadata.Where(m => m.Key == key).Select(m => m.Value).FirstOrDefault();
}
