// A deterministic actor's file (REIN-2's produced agent for Box actions), a Container of kind
// ActorAgent. Payload (little-endian; strings length-prefixed UTF-8, float arrays length-prefixed):
//   env | obs_dim i32 | action_dim i32 | n_hidden i32 | sizes i32… | params f32[] | low f32[] | high f32[]
//   | has_scaling u8 [| offset f32[obs_dim] | scale f32[obs_dim]]
// The loader checks every field against the environment (its observation size and its action box)
// and the ranges, and names the file on failure.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Io;

internal static class ActorFiles
{
    public static void Save(string path, ActorAgent a)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            var L = a.Layout;
            var box = (BoxSpace)a.ActionSpace;
            Container.WriteString(w, a.EnvId);
            w.Write(L.InputSize); w.Write(L.OutputSize);
            w.Write(L.LayerCount - 1);
            for (int l = 1; l < L.LayerCount; l++) w.Write(L.Sizes[l]);
            Container.WriteFloats(w, a.Parameters);
            Container.WriteFloats(w, box.Low); Container.WriteFloats(w, box.High);
            w.Write(a.Scaling != null);
            if (a.Scaling is { } s) { Container.WriteFloats(w, s.Offset); Container.WriteFloats(w, s.Scale); }
        }
        Container.Write(path, ContainerKind.ActorAgent, ms.ToArray());
    }

    public static ActorAgent Load(string path, EnvSpec? given, Func<string, EnvSpec?, EnvSpec> resolve)
    {
        byte[] payload = Container.Read(path, ContainerKind.ActorAgent);
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload));
            string envId = Container.ReadString(r);
            var env = resolve(envId, given);
            int obsDim = r.ReadInt32(), actDim = r.ReadInt32();
            if (obsDim != env.ObservationSize || env.ActionSpace is not BoxSpace box || box.Dim != actDim)
                throw new InvalidDataException($"shapes {obsDim}→{actDim} do not match {envId} ({env.ObservationSize} observations, {env.ActionSpace}).");
            var arch = ModelFiles.ReadHidden(r);
            var layout = new MlpLayout([obsDim, .. arch, actDim], Activation.Relu, Activation.Tanh);
            var p = Container.ReadFloats(r, layout.ParameterCount);
            if (!Kernels.AllFinite(p)) throw new InvalidDataException("a parameter is NaN or infinite.");
            var low = Container.ReadFloats(r, actDim); var high = Container.ReadFloats(r, actDim);
            if (!low.SequenceEqual(box.Low) || !high.SequenceEqual(box.High)) throw new InvalidDataException($"its action box [{string.Join(", ", low)}] … [{string.Join(", ", high)}] is not {envId}'s {box}.");
            ObservationScaling? scaling = r.ReadBoolean() ? new ObservationScaling(Container.ReadFloats(r, obsDim), Container.ReadFloats(r, obsDim)) : null;
            if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("trailing bytes after the actor.");
            return new ActorAgent(envId, layout, p, box, scaling);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {(e is EndOfStreamException ? "payload ends early" : e.Message)}");
        }
    }
}
