// A checkpoint is the state of a trainer built with particular settings; restored into a trainer
// built with others (another learning rate, gamma, seed, network size) it would continue as neither
// run, silently — or fail on a bare float count. So a checkpoint records the trainer's settings, and
// a restore compares them key by key and names the first that differs, with both values. The budget
// (steps, n_timesteps) may differ: raising it extends a run.
using System.Globalization;

namespace Rein2.Pure.Algos;

internal static class TrainerSettings
{
    /// <summary>The prefix under which a checkpoint records the trainer's own settings.</summary>
    public const string Prefix = "trainer.";

    static readonly string[] Budget = ["steps", "n_timesteps"];

    /// <summary>The seed, then the hyperparameters.</summary>
    public static IEnumerable<KeyValuePair<string, string>> With(ulong seed, IEnumerable<KeyValuePair<string, string>> hyperparameters) =>
        hyperparameters.Prepend(new("seed", seed.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The settings of one of the library's trainers (empty for a trainer of the user's own).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Of(ITrainer trainer) =>
        trainer is IHostedTrainer h ? [.. h.Settings] : [];

    /// <summary>The trainer's settings to store in a checkpoint, each key under <see cref="Prefix"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ToStore(ITrainer trainer) =>
        Of(trainer).Select(kv => new KeyValuePair<string, string>(Prefix + kv.Key, kv.Value));

    /// <summary>The trainer settings a checkpoint stored (keys without the prefix); empty for a checkpoint that stored none.</summary>
    public static List<KeyValuePair<string, string>> Stored(IEnumerable<KeyValuePair<string, string>> checkpointSettings) =>
        [.. checkpointSettings.Where(kv => kv.Key.StartsWith(Prefix, StringComparison.Ordinal)).Select(kv => new KeyValuePair<string, string>(kv.Key[Prefix.Length..], kv.Value))];

    /// <summary>Throws an InvalidDataException naming <paramref name="path"/> and the first setting the checkpoint and <paramref name="trainer"/> disagree on.</summary>
    public static void RequireSame(string path, IEnumerable<KeyValuePair<string, string>> checkpointSettings, ITrainer trainer)
    {
        var stored = Stored(checkpointSettings);
        if (stored.Count == 0) return;   // a checkpoint from before settings were recorded
        var now = Of(trainer).ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (key, value) in stored)
        {
            if (Budget.Contains(key)) continue;
            string here = now.TryGetValue(key, out var v) ? v : "(not set)";
            if (here != value)
                throw new InvalidDataException($"{path}: the checkpoint was made with {key}={value}, but this trainer has {key}={here}; build the trainer with the checkpoint's settings (TrainingRun.StoredSettings) before restoring.");
        }
        foreach (var key in now.Keys.Where(k => !stored.Any(s => s.Key == k) && !Budget.Contains(k)))
            throw new InvalidDataException($"{path}: this trainer has {key}={now[key]}, which the checkpoint's run did not have; build the trainer with the checkpoint's settings before restoring.");
    }
}
