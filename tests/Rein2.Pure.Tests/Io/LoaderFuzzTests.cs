// Every loader — REIN-2 agents, Q-network and actor-critic models, and checkpoints of each trainer —
// fed FsCheck-generated garbage and mutated valid files (bit flips, truncations, extensions): each
// input is rejected with an InvalidDataException naming the file, or — when untouched — loads
// identically. Mutations re-sealed with a correct checksum reach the payload parsers themselves:
// those may load (a changed weight is still a well-formed file) but must never throw anything else.
using FsCheck.Xunit;
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Io;

public class LoaderFuzzTests
{
    // A loader: the kind its files have, and a function that loads a path and returns a fingerprint
    // of what it loaded (equal fingerprints = identical contents).
    sealed record Loader(string Name, ContainerKind Kind, byte[] Valid, Func<string, string> Load);

    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-fuzz-").FullName;

    static string Fingerprint(params IEnumerable<float>[] arrays) =>
        string.Join('|', arrays.Select(a => Convert.ToHexString(a.SelectMany(BitConverter.GetBytes).ToArray())));

    static byte[] Written(string name, Action<string> write)
    {
        string path = Path.Combine(Dir, name);
        write(path);
        return File.ReadAllBytes(path);
    }

    // A checkpoint loader: rebuild the run from its known configuration, restore into it, save it again.
    // Restoring then saving reproduces the file byte for byte only if every field came back.
    static Loader CheckpointOf(string name, Func<Action<StateArchive>> build)
    {
        byte[] valid = Written(name, p => CheckpointFile.Save(p, "fuzz", [new("k", "v")], build()));
        return new Loader(name, ContainerKind.Checkpoint, valid, path =>
        {
            var sync = build();
            var ck = CheckpointFile.Open(path, "fuzz");
            ck.Restore(sync);
            string again = Path.Combine(Dir, $"{Guid.NewGuid():N}.resaved");
            CheckpointFile.Save(again, "fuzz", ck.Settings, sync);
            try { return Convert.ToHexString(File.ReadAllBytes(again)); } finally { File.Delete(again); }
        });
    }

    static readonly Lazy<Loader[]> Loaders = new(() =>
    {
        var q = new QNetwork(4, 2, [8, 8]);
        var rng = new Pcg64(1);
        q.InitializeTorchDefault(ref rng);
        var discrete = new ActorCriticPolicy(4, new Rein2.Pure.Envs.DiscreteSpace(2), [8]);
        discrete.InitializeSb3(ref rng);
        var norm = new VecNormalize(1, 4, 0.99);
        for (int j = 0; j < 4; j++) { norm.ObsRms.Mean[j] = 0.1 * j; norm.ObsRms.Var[j] = 1 + j; }
        var continuous = new ActorCriticPolicy(3, new Rein2.Pure.Envs.BoxSpace([-2f], [2f]), [8, 8]);
        continuous.InitializeSb3(ref rng, -0.5f);

        var ppo = OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with { NEnvs = 2, NSteps = 8, BatchSize = 8, NetArch = [8], Normalize = true, TotalTimesteps = 1000 };
        var a2c = OnPolicyOptions.Defaults(OnPolicyAlgo.A2c) with { NEnvs = 2, NSteps = 5, NetArch = [8], TotalTimesteps = 1000 };
        var dqn = Presets.Dqn("CartPole-v1") with { BufferSize = 300, LearningStarts = 50, TrainFreq = 4, GradientSteps = 1, BatchSize = 8, NetArch = [8] };
        var rein2 = new Rein2Options { MetaLearner = MetaLearner.Random, Episodes = 2, InnerNetArch = [8], RbvFraction = 0.2, MetaSteps = 10 };
        return
        [
            new("agent", ContainerKind.Agent, Written("a.agent", p => AgentFile.Save(p, new QAgent("CartPole-v1", q))),
                p => { var l = (QAgent)AgentFile.Load(p); return l.EnvId + Fingerprint(l.Parameters.ToArray()); }),
            new("q-model", ContainerKind.QNetworkModel, Written("q.bin", p => ModelFiles.SaveQNetwork(p, "CartPole-v1", q)),
                p => { var (env, l) = ModelFiles.LoadQNetwork(p); return env + Fingerprint(l.Net.Parameters.ToArray()); }),
            new("ppo-model", ContainerKind.ActorCriticModel, Written("ac.bin", p => ModelFiles.SaveActorCritic(p, "CartPole-v1", "ppo", discrete, norm)),
                p => { var m = ModelFiles.LoadActorCritic(p); return m.EnvId + m.Algo + Fingerprint(m.Policy.Parameters, m.ObservationStats!.Mean.Select(v => (float)v)); }),
            // REIN-2's deterministic actor on scaled observations (issue 32) and its Q-network on scaled observations
            new("rein2-actor", ContainerKind.ActorAgent, Written("actor.agent", p => AgentFile.Save(p, new Rein2Trainer(new Rein2Options { Env = "Pendulum-v1", MetaLearner = MetaLearner.Random, Episodes = 1, InnerNetArch = [8], MetaSteps = 2, InnerObs = InnerObservation.Scaled }, 8).Agent)),
                p => { var a = (ActorAgent)AgentFile.Load(p); return a.EnvId + Fingerprint(a.Parameters.ToArray(), a.Scaling?.Scale.ToArray() ?? []); }),
            new("rein2-scaled-q", ContainerKind.Agent, Written("scaled.agent", p => AgentFile.Save(p, new Rein2Trainer(new Rein2Options { Env = "MountainCar-v0", MetaLearner = MetaLearner.Random, Episodes = 1, InnerNetArch = [8], MetaSteps = 2, InnerObs = InnerObservation.Scaled }, 8).Agent)),
                p => { var l = (QAgent)AgentFile.Load(p); return l.EnvId + Fingerprint(l.Parameters.ToArray(), l.Scaling?.Offset.ToArray() ?? []); }),
            new("a2c-model", ContainerKind.ActorCriticModel, Written("ac2.bin", p => ModelFiles.SaveActorCritic(p, "Pendulum-v1", "a2c", continuous, null)),
                p => { var m = ModelFiles.LoadActorCritic(p); return m.EnvId + m.Algo + Fingerprint(m.Policy.Parameters) + (m.ObservationStats == null); }),
            CheckpointOf("ppo.ckpt", () =>
            {
                var t = new OnPolicyTrainer("CartPole-v1", ppo, 3);
                int steps = 0;
                t.PauseWhen = () => ++steps == 12; // mid-rollout, after one update
                while (t.Iterate().Completed) { }
                return t.Sync;
            }),
            CheckpointOf("a2c.ckpt", () => { var t = new OnPolicyTrainer("Acrobot-v1", a2c, 4); t.Iterate(); t.Iterate(); return t.Sync; }),
            CheckpointOf("dqn.ckpt", () => { var t = new DqnTrainer("CartPole-v1", dqn, 5); for (int i = 0; i < 30; i++) t.Iterate(); return t.Sync; }),
            CheckpointOf("rein2.ckpt", () => { var t = new Rein2Trainer(rein2, 6); t.Learn(pauseAtStep: 4); return t.Sync; }),
            // novelty search: an archive and a meta-population whose sizes come from the file
            CheckpointOf("nses.ckpt", () => { var t = new Rein2Trainer(rein2 with { MetaLearner = MetaLearner.NsraEs, MetaSteps = 60 }, 7); t.Learn(pauseAtStep: 47); return t.Sync; }),
        ];
    });

    static void MustRejectOrMatch(Loader l, byte[] bytes, bool untouched, bool resealed = false)
    {
        string path = Path.Combine(Dir, $"{Guid.NewGuid():N}.{l.Name}");
        File.WriteAllBytes(path, bytes);
        try
        {
            string loaded = l.Load(path);
            if (resealed) return; // a well-formed file with other values may load
            Assert.True(untouched, $"{l.Name}: a damaged file was accepted");
            string reference = Path.Combine(Dir, $"{Guid.NewGuid():N}.{l.Name}");
            File.WriteAllBytes(reference, l.Valid);
            try { Assert.Equal(l.Load(reference), loaded); } finally { File.Delete(reference); }
        }
        catch (InvalidDataException e)
        {
            Assert.False(untouched, $"{l.Name}: the valid file was rejected: {e.Message}");
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Property(MaxTest = 100)]
    public void RandomBytesAreRejected(byte[] garbage)
    {
        foreach (var l in Loaders.Value) MustRejectOrMatch(l, garbage ?? [], untouched: false);
    }

    [Property(MaxTest = 150)]
    public void BitFlipsAreRejected(int position, byte bit)
    {
        foreach (var l in Loaders.Value)
        {
            var b = (byte[])l.Valid.Clone();
            b[(int)((uint)position % b.Length)] ^= (byte)(1 << (bit % 8));
            MustRejectOrMatch(l, b, untouched: false);
        }
    }

    [Property(MaxTest = 100)]
    public void TruncationsAndExtensionsAreRejected(int cut, byte[] extra)
    {
        foreach (var l in Loaders.Value)
        {
            var v = l.Valid;
            MustRejectOrMatch(l, v[..(int)((uint)cut % v.Length)], untouched: false);
            if (extra is { Length: > 0 }) MustRejectOrMatch(l, [.. v, .. extra], untouched: false);
        }
    }

    [Property(MaxTest = 150)]
    public void PayloadMutationsWithAValidChecksumNeverCrashTheParser(int position, byte value, int cut)
    {
        foreach (var l in Loaders.Value)
        {
            string src = Path.Combine(Dir, $"{Guid.NewGuid():N}.src");
            File.WriteAllBytes(src, l.Valid);
            byte[] payload = Container.Read(src, l.Kind);
            File.Delete(src);
            var changed = (byte[])payload.Clone();
            changed[(int)((uint)position % changed.Length)] = value;
            var shortened = payload[..(int)((uint)cut % payload.Length)];
            foreach (var p in new[] { changed, shortened })
                MustRejectOrMatch(l, Written($"{Guid.NewGuid():N}.sealed", f => Container.Write(f, l.Kind, p)), untouched: false, resealed: true);
        }
    }

    [Fact]
    public void UntouchedFilesLoadIdentically()
    {
        foreach (var l in Loaders.Value) MustRejectOrMatch(l, l.Valid, untouched: true);
        // a restored checkpoint saved again is the same file, byte for byte: every field came back
        foreach (var l in Loaders.Value.Where(l => l.Kind == ContainerKind.Checkpoint))
        {
            string path = Path.Combine(Dir, $"{Guid.NewGuid():N}.{l.Name}");
            File.WriteAllBytes(path, l.Valid);
            Assert.Equal(Convert.ToHexString(l.Valid), l.Load(path));
        }
    }

    [Fact]
    public void AFileOfAnotherKindIsRejectedByName()
    {
        var agent = Loaders.Value.First(l => l.Name == "agent");
        var ppoModel = Loaders.Value.First(l => l.Name == "ppo-model");
        string path = Path.Combine(Dir, "swapped.bin");
        File.WriteAllBytes(path, agent.Valid);
        var e = Assert.Throws<InvalidDataException>(() => ppoModel.Load(path));
        Assert.Contains("REIN-2 agent", e.Message);
        Assert.Contains("actor-critic model", e.Message);
    }

    [Fact]
    public void AnAgentWhoseKindWasFlippedToAModelIsRejected()
    {
        // the two kinds share a payload; only the header's checksum (format version 2) tells them apart
        var agent = Loaders.Value.First(l => l.Name == "agent");
        var b = (byte[])agent.Valid.Clone();
        b[12] ^= 1; // kind 3 (agent) -> 2 (Q-network model)
        string path = Path.Combine(Dir, "flipped.agent");
        File.WriteAllBytes(path, b);
        var e = Assert.Throws<InvalidDataException>(() => AgentFile.Load(path));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void VersionOneFilesStillLoad()
    {
        // docs/results holds agents written by format version 1 (CRC over the payload only)
        string file = Path.Combine(Support.DocPages.Repo(), "docs", "results", "rein2-cartpole-10seeds", "ppo-0", "best.agent");
        Assert.Equal(1u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(file).AsSpan(8)));
        var loaded = (QAgent)AgentFile.Load(file);
        Assert.Equal("CartPole-v1", loaded.EnvId);
        var b = File.ReadAllBytes(file);
        b[40] ^= 4; // a payload bit: version 1's checksum still guards the payload
        string damaged = Path.Combine(Dir, "v1-damaged.agent");
        File.WriteAllBytes(damaged, b);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => AgentFile.Load(damaged)).Message);
    }

    [Property(MaxTest = 100)]
    public void ConfigParserRejectsGarbageByName(string key, string value)
    {
        // any single unknown or invalid setting is rejected with an InvalidSettingException (never
        // another type) whose message names the key as it was written: 'key' or key=value
        key ??= ""; value ??= "";
        try { Rein2Keys.Set(new Rein2Options(), key, value); }
        catch (InvalidSettingException e)
        {
            Assert.True(e.Message.Contains($"'{key}'", StringComparison.Ordinal) || e.Message.Contains($"{key}=", StringComparison.Ordinal),
                $"key '{key}', value '{value}': the message does not name the key: {e.Message}");
        }
    }
}
