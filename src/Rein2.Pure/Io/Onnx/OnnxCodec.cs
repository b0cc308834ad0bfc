// OnnxModel ⇄ protobuf bytes, with onnx/onnx.proto's field numbers (ModelProto, GraphProto,
// NodeProto, AttributeProto, TensorProto, ValueInfoProto, OperatorSetIdProto). Fields this library
// has no use for (doc strings, value_info, names of graphs) are skipped when read and not written.
// What it cannot honour is refused, not guessed: tensors of other element types, tensors whose data
// sits in an external file or in segments, sparse initializers, a second operator-set domain used by a
// node (checked by OnnxImport). Tensor data is sized from the bytes present, never from declared dims.
using System.Buffers.Binary;

namespace Rein2.Pure.Io.Onnx;

/// <summary>Writes and reads ONNX model files.</summary>
internal static class OnnxCodec
{
    // ---------------------------------------------------------------- WRITE

    /// <summary>The model as ONNX protobuf bytes.</summary>
    public static byte[] Write(OnnxModel m)
    {
        var w = new ProtoWriter()
            .Varint(1, m.IrVersion)
            .String(2, m.ProducerName)
            .String(3, m.ProducerVersion)
            .Message(7, g => WriteGraph(g, m))
            .Message(8, o => o.String(1, "").Varint(2, m.Opset));
        foreach (var (k, v) in m.Metadata) w.Message(14, e => e.String(1, k).String(2, v));
        return w.Written.ToArray();
    }

    static void WriteGraph(ProtoWriter g, OnnxModel m)
    {
        foreach (var n in m.Nodes) g.Message(1, w => WriteNode(w, n));
        g.String(2, "rein2");
        foreach (var t in m.Initializers) g.Message(5, w => WriteTensor(w, t));
        foreach (var v in m.Inputs) g.Message(11, w => WriteValueInfo(w, v));
        foreach (var v in m.Outputs) g.Message(12, w => WriteValueInfo(w, v));
    }

    static void WriteNode(ProtoWriter w, OnnxNode n)
    {
        foreach (string i in n.Inputs) w.String(1, i);
        foreach (string o in n.Outputs) w.String(2, o);
        w.String(3, n.Name).String(4, n.OpType);
        if (n.Domain.Length > 0) w.String(7, n.Domain);
        foreach (var a in n.Attributes)
            w.Message(5, x =>
            {
                x.String(1, a.Name);
                switch (a.Type)
                {
                    case OnnxAttribute.FloatType: x.Float(2, a.F); break;
                    case OnnxAttribute.IntType: x.Varint(3, a.I); break;
                    case OnnxAttribute.TensorType: x.Message(5, t => WriteTensor(t, a.T!)); break;
                    default: throw new InvalidOperationException($"attribute type {a.Type} is not written");
                }
                x.Varint(20, a.Type);
            });
    }

    static void WriteTensor(ProtoWriter w, OnnxTensor t)
    {
        foreach (long d in t.Dims) w.Varint(1, d);
        w.Varint(2, (int)t.Type).String(8, t.Name);
        if (t.Type == OnnxDataType.Float) w.RawFloats(9, t.Floats);
        else
        {
            var raw = new byte[t.Longs.Length * 8];
            for (int i = 0; i < t.Longs.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * i), t.Longs[i]);
            w.Bytes(9, raw);
        }
    }

    static void WriteValueInfo(ProtoWriter w, OnnxValueInfo v) =>
        w.String(1, v.Name).Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, (int)v.ElementType);
            if (v.Shape != null)
                tensor.Message(2, shape =>
                {
                    foreach (var d in v.Shape)
                        shape.Message(1, dim => { if (d.Param != null) dim.String(2, d.Param); else dim.Varint(1, d.Value); });
                });
        }));

    // ---------------------------------------------------------------- READ

    /// <summary>Parses a model; what is malformed or not representable is an InvalidDataException saying where and why.</summary>
    public static OnnxModel Read(ReadOnlySpan<byte> file)
    {
        long ir = 0, opset = -1;
        string producer = "", producerVersion = "";
        var meta = new List<KeyValuePair<string, string>>();
        var g = new GraphParts();
        bool hasGraph = false;
        var r = new ProtoReader(file);
        while (r.Next(out int f, out var t))
            switch (f)
            {
                case 1: ir = r.Varint(f, t); break;
                case 2: producer = r.String(f, t); break;
                case 3: producerVersion = r.String(f, t); break;
                case 7: ReadGraph(Sub(ref r, f, t), g); hasGraph = true; break;
                case 8:
                    var (domain, version) = ReadOpset(Sub(ref r, f, t));
                    if (domain is "" or "ai.onnx") opset = version;
                    break;
                case 14:
                    var entry = ReadEntry(Sub(ref r, f, t));
                    // ONNX's checker refuses a key twice too; "first wins" would hide which environment a model is for
                    if (meta.Any(m => m.Key == entry.Key)) throw new InvalidDataException($"the metadata key '{entry.Key}' appears twice; each key is given once");
                    meta.Add(entry);
                    break;
                default: r.Skip(t); break;
            }
        if (!hasGraph) throw new InvalidDataException("it holds no graph (not an ONNX model?)");
        if (ir < 3) throw new InvalidDataException($"IR version {ir} is not supported; ONNX IR 3 or later is read");
        if (opset < 0) throw new InvalidDataException("it imports no operator set of the default ONNX domain");
        return new OnnxModel(ir, opset, producer, producerVersion, [.. g.Nodes], [.. g.Initializers], [.. g.Inputs], [.. g.Outputs], [.. meta]);
    }

    sealed class GraphParts
    {
        public readonly List<OnnxNode> Nodes = [];
        public readonly List<OnnxTensor> Initializers = [];
        public readonly List<OnnxValueInfo> Inputs = [], Outputs = [];
    }

    static ProtoReader Sub(ref ProtoReader r, int field, WireType type)
    {
        var bytes = r.Bytes(field, type, out int at);
        return new ProtoReader(bytes, at);
    }

    static void ReadGraph(ProtoReader r, GraphParts g)
    {
        while (r.Next(out int f, out var t))
            switch (f)
            {
                case 1: g.Nodes.Add(ReadNode(Sub(ref r, f, t))); break;
                case 5: g.Initializers.Add(ReadTensor(Sub(ref r, f, t))); break;
                case 11: g.Inputs.Add(ReadValueInfo(Sub(ref r, f, t))); break;
                case 12: g.Outputs.Add(ReadValueInfo(Sub(ref r, f, t))); break;
                case 15: throw new InvalidDataException($"byte {r.Offset:N0}: sparse initializers are not supported");
                default: r.Skip(t); break;
            }
    }

    static (string Domain, long Version) ReadOpset(ProtoReader r)
    {
        string domain = ""; long version = 0;
        while (r.Next(out int f, out var t))
            switch (f)
            {
                case 1: domain = r.String(f, t); break;
                case 2: version = r.Varint(f, t); break;
                default: r.Skip(t); break;
            }
        return (domain, version);
    }

    static KeyValuePair<string, string> ReadEntry(ProtoReader r)
    {
        string key = "", value = "";
        while (r.Next(out int f, out var t))
            switch (f)
            {
                case 1: key = r.String(f, t); break;
                case 2: value = r.String(f, t); break;
                default: r.Skip(t); break;
            }
        return new(key, value);
    }

    static OnnxNode ReadNode(ProtoReader r)
    {
        var inputs = new List<string>(); var outputs = new List<string>(); var attributes = new List<OnnxAttribute>();
        string name = "", op = "", domain = "";
        while (r.Next(out int f, out var t))
            switch (f)
            {
                case 1: inputs.Add(r.String(f, t)); break;
                case 2: outputs.Add(r.String(f, t)); break;
                case 3: name = r.String(f, t); break;
                case 4: op = r.String(f, t); break;
                case 5: attributes.Add(ReadAttribute(Sub(ref r, f, t))); break;
                case 7: domain = r.String(f, t); break;
                default: r.Skip(t); break;
            }
        return new OnnxNode(name, op, domain, [.. inputs], [.. outputs], [.. attributes]);
    }

    static OnnxAttribute ReadAttribute(ProtoReader r)
    {
        string name = "", s = "";
        int type = 0; float fv = 0; long iv = 0;
        OnnxTensor? tensor = null;
        var floats = new List<float>(); var ints = new List<long>();
        while (r.Next(out int f, out var t))
            switch (f)
            {
                case 1: name = r.String(f, t); break;
                case 2: fv = r.Float(f, t); break;
                case 3: iv = r.Varint(f, t); break;
                case 4: s = r.String(f, t); break;
                case 5: tensor = ReadTensor(Sub(ref r, f, t)); break;
                case 7: r.Floats(f, t, floats); break;
                case 8: r.Varints(f, t, ints); break;
                case 20: type = (int)r.Varint(f, t); break;
                default: r.Skip(t); break;   // graphs, strings, tensors lists: ops that need them are refused by name
            }
        return new OnnxAttribute(name, type, fv, iv, s, tensor, [.. floats], [.. ints]);
    }

    static OnnxTensor ReadTensor(ProtoReader r)
    {
        int start = r.Offset;
        var dims = new List<long>();
        int type = 0;
        string name = "";
        var floats = new List<float>(); var longs = new List<long>();
        ReadOnlySpan<byte> raw = default;
        bool hasRaw = false;
        while (r.Next(out int f, out var t))
            switch (f)
            {
                case 1: r.Varints(f, t, dims); break;
                case 2: type = (int)r.Varint(f, t); break;
                case 3: throw new InvalidDataException($"byte {start:N0}: a tensor stored in segments is not supported");
                case 4: r.Floats(f, t, floats); break;
                case 7: r.Varints(f, t, longs); break;
                case 8: name = r.String(f, t); break;
                case 9: raw = r.Bytes(f, t, out _); hasRaw = true; break;
                case 13: throw new InvalidDataException($"byte {start:N0}: tensor '{name}' keeps its data in an external file, which is not supported; save the model with its weights inside");
                case 14: if (r.Varint(f, t) != 0) throw new InvalidDataException($"byte {start:N0}: tensor '{name}' keeps its data in an external file, which is not supported"); break;
                default: r.Skip(t); break;
            }
        string who = $"byte {start:N0}: tensor '{name}'";
        long count = 1;
        foreach (long d in dims)
        {
            if (d < 0) throw new InvalidDataException($"{who} has a negative dimension {d}");
            count = d == 0 ? 0 : count <= int.MaxValue / d ? count * d : throw new InvalidDataException($"{who} declares {string.Join('×', dims)} elements, far more than the file holds");
        }
        OnnxTensor tensor;
        switch ((OnnxDataType)type)
        {
            case OnnxDataType.Float:
                if (hasRaw)
                {
                    if (raw.Length % 4 != 0) throw new InvalidDataException($"{who} has {raw.Length} data bytes, not a multiple of 4");
                    var data = new float[raw.Length / 4];
                    for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
                    tensor = OnnxTensor.Of(name, [.. dims], data);
                }
                else tensor = OnnxTensor.Of(name, [.. dims], [.. floats]);
                break;
            case OnnxDataType.Int64:
                long[] values;
                if (hasRaw)
                {
                    if (raw.Length % 8 != 0) throw new InvalidDataException($"{who} has {raw.Length} data bytes, not a multiple of 8");
                    values = new long[raw.Length / 8];
                    for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]);
                }
                else values = [.. longs];
                tensor = new OnnxTensor(name, [.. dims], OnnxDataType.Int64, [], values);
                break;
            default:
                throw new InvalidDataException($"{who} has element type {type}; FLOAT (1) and INT64 (7) tensors are read");
        }
        if (tensor.Count != count) throw new InvalidDataException($"{who} declares shape [{string.Join(", ", dims)}] ({count:N0} elements) but holds {tensor.Count:N0}");
        return tensor;
    }

    static OnnxValueInfo ReadValueInfo(ProtoReader r)
    {
        string name = "";
        int elem = 0;
        List<OnnxDim>? shape = null;
        while (r.Next(out int f, out var t))
        {
            if (f == 1) { name = r.String(f, t); continue; }
            if (f != 2) { r.Skip(t); continue; }
            var type = Sub(ref r, f, t);
            while (type.Next(out int tf, out var tt))
            {
                if (tf != 1) { type.Skip(tt); continue; }   // sequences, maps: refused by OnnxImport (no element type)
                var tensor = Sub(ref type, tf, tt);
                while (tensor.Next(out int xf, out var xt))
                {
                    if (xf == 1) { elem = (int)tensor.Varint(xf, xt); continue; }
                    if (xf != 2) { tensor.Skip(xt); continue; }
                    shape = [];
                    var dims = Sub(ref tensor, xf, xt);
                    while (dims.Next(out int df, out var dt))
                    {
                        if (df != 1) { dims.Skip(dt); continue; }
                        var dim = Sub(ref dims, df, dt);
                        long value = 0; string? param = null;
                        while (dim.Next(out int vf, out var vt))
                            switch (vf)
                            {
                                case 1: value = dim.Varint(vf, vt); break;
                                case 2: param = dim.String(vf, vt); break;
                                default: dim.Skip(vt); break;
                            }
                        shape.Add(new OnnxDim(value, param));
                    }
                }
            }
        }
        return new OnnxValueInfo(name, (OnnxDataType)elem, shape?.ToArray());
    }
}
