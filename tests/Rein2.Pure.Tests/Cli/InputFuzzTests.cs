// Files named on the command line, fuzzed end to end through `rein2`: a config file of random bytes
// or random JSON, and damaged checkpoints given to --resume. Each is either accepted or an input
// error (exit 2, one line naming the file or the key) — never a runtime failure or a stack trace.
using Rein2.Pure.Tests.Support;
using FsCheck.Xunit;

namespace Rein2.Pure.Tests.Cli;

public class InputFuzzTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-input-fuzz-").FullName;

    static (int Code, string Err) Rein2(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        return (code, err);
    }

    static void AcceptedOrInputError((int Code, string Err) r, string mustName)
    {
        Assert.True(r.Code is 0 or 2, $"exit {r.Code}: {r.Err}");
        if (r.Code == 2)
        {
            Assert.DoesNotContain("   at ", r.Err); // no stack trace
            Assert.True(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 2, r.Err);
            Assert.Contains(mustName, r.Err);
        }
    }

    [Property(MaxTest = 100)]
    public void ConfigFilesOfRandomBytesAreAcceptedOrRejectedByName(byte[] bytes)
    {
        string path = Path.Combine(Dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes ?? []);
        AcceptedOrInputError(Rein2("train", "--config", path, "--print-config"), "config");
    }

    [Property(MaxTest = 100)]
    public void ConfigObjectsWithRandomValuesAreAcceptedOrRejectedByKey(string value, bool quoted, byte keyIndex)
    {
        string[] keys = ["rbv", "episodes", "steps", "bound", "bound_mode", "episode_length", "inner_net_arch", "meta.learning_rate", "meta.n_steps", "nonsense"];
        string key = keys[keyIndex % keys.Length];
        string json = "{\"" + key + "\": " + (quoted ? System.Text.Json.JsonSerializer.Serialize(value ?? "") : (value ?? "")) + "}";
        string path = Path.Combine(Dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        var r = Rein2("train", "--config", path, "--print-config");
        Assert.True(r.Code is 0 or 2, $"exit {r.Code}: {r.Err}");
        if (r.Code == 2) Assert.True(r.Err.Contains(key) || r.Err.Contains(path), r.Err);
    }

    static readonly Lazy<byte[]> Checkpoint = new(() =>
    {
        string dir = Path.Combine(Dir, "valid-run");
        Assert.Equal(0, Rein2("train", "--steps", "3", "--episodes", "2", "--set", "final_episodes=2", "--out", dir).Code);
        return File.ReadAllBytes(Path.Combine(dir, "checkpoint.bin"));
    });

    [Property(MaxTest = 60)]
    public void DamagedCheckpointsGivenToResumeAreInputErrors(int position, byte flip, int cut)
    {
        var valid = Checkpoint.Value;
        var flipped = (byte[])valid.Clone();
        flipped[(int)((uint)position % flipped.Length)] ^= (byte)(flip | 1);
        foreach (var bytes in new[] { flipped, valid[..(int)((uint)cut % valid.Length)] })
        {
            string dir = Path.Combine(Dir, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, "checkpoint.bin"), bytes);
            var r = Rein2("train", "--resume", dir);
            Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
            Assert.Contains("checkpoint.bin", r.Err);
        }
    }
}
