// An ONNX file is untrusted input. Random bytes, bit flips, truncations and appended bytes of a valid
// model, and hand-made hostile graphs (wrong wire types, absurd lengths and shapes, cycles, foreign
// operators, a shape that does not match the environment) end in one InvalidDataException: one line,
// naming the file and what is wrong — never another exception, never a hang, never an allocation
// larger than the file.
using FsCheck.Xunit;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Io.Onnx;

namespace Rein2.Pure.Tests.Io.Onnx;

public class OnnxHostileFileTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-onnx-fuzz-").FullName;

    static readonly Lazy<byte[]> Valid = new(() =>
    {
        var agent = OnnxAgents.All().First(a => a.Name == "ppo-acrobot-vecnormalize").Agent;
        string path = Path.Combine(Dir, "valid.onnx");
        AgentFile.SaveOnnx(path, agent, new OnnxExportOptions { IncludeValue = true });
        return File.ReadAllBytes(path);
    });

    static OnnxModel ValidModel() => OnnxCodec.Read(Valid.Value);

    // Loads the bytes as FILE.onnx; returns the refusal's message, or null when it loaded.
    static string? Load(byte[] bytes, EnvSpec? env = null)
    {
        string path = Path.Combine(Dir, $"{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        try
        {
            var agent = AgentFile.Load(path, env);
            var action = new float[agent.ActionSpace.FlatSize];
            agent.Act(new float[agent.ObservationSize], action);   // what loads, runs
            return null;
        }
        catch (InvalidDataException e)
        {
            Assert.Contains(path, e.Message);
            Assert.DoesNotContain('\n', e.Message);
            return e.Message;
        }
        finally { File.Delete(path); }
    }

    static string Refused(OnnxModel m, EnvSpec? env = null) => Load(OnnxCodec.Write(m), env) ?? throw new Xunit.Sdk.XunitException("the model loaded");

    [Property(MaxTest = 200)]
    public void RandomBytesAreRefused(byte[] garbage) => Assert.NotNull(Load(garbage ?? []));

    [Property(MaxTest = 300)]
    public void BitFlipsLoadOrAreRefused(int position, byte bit)
    {
        var b = (byte[])Valid.Value.Clone();
        b[(int)((uint)position % b.Length)] ^= (byte)(1 << (bit % 8));
        Load(b);   // a flipped weight is still a model; anything else is refused with the file named
    }

    [Property(MaxTest = 300)]
    public void ChangedBytesLoadOrAreRefused(int position, byte value, int position2, byte value2)
    {
        var b = (byte[])Valid.Value.Clone();
        b[(int)((uint)position % b.Length)] = value;
        b[(int)((uint)position2 % b.Length)] = value2;
        Load(b);
    }

    [Property(MaxTest = 150)]
    public void TruncationsAndExtensionsLoadOrAreRefused(int cut, byte[] extra)
    {
        var v = Valid.Value;
        Load(v[..(int)((uint)cut % v.Length)]);
        if (extra is { Length: > 0 }) Load([.. v, .. extra]);
    }

    [Fact]
    public void EveryTruncationIsRefused()
    {
        // the last field is the metadata (no field is optional at the end), so every cut loses something
        var v = Valid.Value;
        for (int cut = 0; cut < v.Length; cut += 1 + cut / 64)
        {
            string? why = Load(v[..cut]);
            if (why == null) Assert.Fail($"cut at {cut} of {v.Length} bytes loaded");
        }
    }

    [Fact]
    public void WireLevelDamageIsNamed()
    {
        Assert.Contains("wire type", Load([0x0A, 0x01, 0x00])!);                            // ir_version as bytes
        Assert.Contains("claims", Load([0x3A, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00])!);       // a graph of 2^32 bytes in 7
        Assert.Contains("longer than", Load([0x08, .. Enumerable.Repeat((byte)0xFF, 11)])!); // an 11-byte varint
        Assert.Contains("wire type 3", Load([0x0B, 0x0C])!);                                // a group
        Assert.Contains("no graph", Load([0x08, 0x07])!);
    }

    // issue 31: a NaN or infinite weight is refused as the native format refuses it; a metadata key
    // twice (first wins would hide which environment the model is for) likewise
    [Fact]
    public void NonFiniteWeightsAndDuplicateMetadataKeysAreRefused()
    {
        var m = ValidModel();
        int k = Array.FindIndex(m.Initializers, t => t.Floats.Length > 3);
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var floats = (float[])m.Initializers[k].Floats.Clone();
            floats[2] = bad;
            var inits = m.Initializers.ToArray();
            inits[k] = inits[k] with { Floats = floats };
            Assert.Contains($"initializer '{inits[k].Name}' holds {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)} at index 2; every weight must be a finite number", Refused(m with { Initializers = inits }));
        }
        var env = m.Metadata.First(kv => kv.Key == "rein2.env_id");
        Assert.Contains("the metadata key 'rein2.env_id' appears twice", Refused(m with { Metadata = [.. m.Metadata, new(env.Key, "Acrobot-v1")] }));
        // a name from the file with a line break in it is shown escaped: the message stays one line (found by ChangedBytesLoadOrAreRefused)
        var forged = m.Metadata.Select(kv => kv.Key == "rein2.env_id" ? new KeyValuePair<string, string>(kv.Key, "Cart\nPole-v1") : kv).ToArray();
        Assert.Contains("the environment 'Cart\\x0APole-v1', which is not registered", Refused(m with { Metadata = forged }));
    }

    [Fact]
    public void AbsurdShapesAreRefusedWithoutAllocating()
    {
        var m = ValidModel();
        var t = m.Initializers[0];
        long before = GC.GetAllocatedBytesForCurrentThread();
        string why = Refused(m with { Initializers = [t with { Dims = [1L << 40, 1L << 40] }, .. m.Initializers[1..]] });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50L * Valid.Value.Length, "the refusal allocated far more than the file");
        Assert.Contains($"tensor '{t.Name}'", why);
        Assert.Contains("declares shape [4] (4 elements) but holds 6", Refused(m with { Initializers = [t with { Dims = [4] }, .. m.Initializers[1..]] }));
        Assert.Contains("does not broadcast to [batch, 6]", Refused(m with { Initializers = [t with { Dims = [3, 2] }, .. m.Initializers[1..]] }));
        Assert.Contains("negative dimension", Refused(m with { Initializers = [t with { Dims = [-6] }, .. m.Initializers[1..]] }));
    }

    [Fact]
    public void GraphsThatAreNotMlpsAreRefusedByNode()
    {
        var m = ValidModel();
        var nodes = m.Nodes;
        // a cycle: the first node reads what the last writes
        var cyclic = nodes.ToArray();
        cyclic[0] = cyclic[0] with { Inputs = [nodes[^1].Outputs[0], cyclic[0].Inputs[1]] };
        Assert.Contains($"node '{nodes[0].Name}' (Sub) reads '{nodes[^1].Outputs[0]}', which no earlier node writes", Refused(m with { Nodes = cyclic }));
        // an operator outside the list
        var conv = nodes.ToArray();
        conv[4] = conv[4] with { OpType = "Conv", Name = "conv1" };
        string why = Refused(m with { Nodes = conv });
        Assert.Contains("node 'conv1' (Conv) is not supported", why);
        Assert.Contains("Gemm, MatMul", why);
        // an operator from another domain
        var foreign = nodes.ToArray();
        foreign[4] = foreign[4] with { Domain = "com.microsoft" };
        Assert.Contains("operator domain 'com.microsoft'", Refused(m with { Nodes = foreign }));
        // a residual: Add of two computed values
        var residual = nodes.ToArray();
        residual[0] = residual[0] with { Inputs = ["obs", "obs"] };
        Assert.Contains("only a constant is read there", Refused(m with { Nodes = residual }));
        // a value written twice
        var twice = nodes.ToArray();
        twice[1] = twice[1] with { Outputs = twice[0].Outputs };
        Assert.Contains("already written", Refused(m with { Nodes = twice }));
        // ArgMax over the batch axis (ONNX's default axis is 0)
        var batchArgMax = nodes.ToArray();
        int am = Array.FindIndex(nodes, n => n.OpType == "ArgMax");
        batchArgMax[am] = batchArgMax[am] with { Attributes = [] };
        Assert.Contains("argmax over axis 0", Refused(m with { Nodes = batchArgMax }));
    }

    [Fact]
    public void ShapesThatDoNotMatchTheEnvironmentAreRefused()
    {
        var m = ValidModel();
        var obs = m.Inputs[0];
        Assert.Contains("Acrobot-v1 observations have 6 values", Refused(m with { Inputs = [obs with { Shape = [OnnxDim.Dynamic("batch"), new OnnxDim(5, null)] }] }));
        Assert.Contains("element type 7", Refused(m with { Inputs = [obs with { ElementType = OnnxDataType.Int64 }] }));
        Assert.Contains("holds an agent for Acrobot-v1, not for CartPole-v1", Refused(m, EnvRegistry.Spec("CartPole-v1")));
        // without our metadata the environment must be given; given the wrong one, the widths do not fit
        var foreign = m with { Metadata = [] };
        Assert.Contains("does not say which environment", Refused(foreign));
        Assert.Contains("CartPole-v1 observations have 4 values", Refused(foreign, EnvRegistry.Spec("CartPole-v1")));
        Assert.Contains("no output gives 3 action scores", Refused(m with { Outputs = [m.Outputs[^1]] }));   // the value head only
        Assert.Contains("2 inputs", Refused(m with { Inputs = [obs, obs with { Name = "hidden_state" }] }));
        Assert.Contains("not registered", Refused(m with { Metadata = [new(OnnxImport.EnvIdKey, "Nowhere-v9")] }));
    }

    [Fact]
    public void ExternalDataAndOtherTypesAreRefused()
    {
        var m = ValidModel();
        var t = m.Initializers[0];
        // a tensor whose data lives in another file: field 13 (external_data) of the TensorProto
        var w = new ProtoWriter().Varint(1, 6).Varint(2, 1).String(8, t.Name).Message(13, e => e.String(1, "location").String(2, "weights.bin"));
        byte[] file = new ProtoWriter().Varint(1, 7).Message(7, g => g.Bytes(5, w.Written)).Message(8, o => o.Varint(2, 13)).Written.ToArray();
        Assert.Contains("external file", Load(file, EnvRegistry.Spec("Acrobot-v1"))!);
        Assert.Contains("element type 11", Refused(m with { Initializers = [t with { Type = (OnnxDataType)11 }, .. m.Initializers[1..]] }));
        Assert.Contains("opset 99", Refused(m with { Opset = 99 }));
    }
}
