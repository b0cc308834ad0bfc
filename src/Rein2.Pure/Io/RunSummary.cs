// summary.json, the final figures of a run, written as the CLI always wrote it so `rein2 report`
// and `rein2 render` open a run made from code: what was run (command, version, numeric path,
// settings), then per kind — REIN-2 ("meta") or a baseline ("algo") — the budget spent, the speed,
// the best and the re-evaluated agent. Utf8JsonWriter, so no reflection (AOT-safe); NaN/∞ are null.
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Rein2.Pure.Algos;
using Rein2.Pure.Meta;

namespace Rein2.Pure.Io;

internal static class RunSummary
{
    public sealed record Facts(string Command, IReadOnlyList<string> Resumes, IReadOnlyList<KeyValuePair<string, string>> Settings,
                               double WallSeconds, EvalResult Final, double? SolvedAtEnvStep, bool OtherNumericPath);

    public static string Of(ITrainer trainer, IHostedTrainer hosted, Facts f)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("command", f.Command);
            w.WriteStartArray("resumes");
            foreach (var r in f.Resumes) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteString("version", Version);
            w.WriteString("simd", SimdPaths.Describe());
            if (f.OtherNumericPath) w.WriteBoolean("resumed_on_other_numeric_path", true);
            double wall = f.WallSeconds;
            if (trainer is Rein2Trainer r2) Rein2(w, r2, hosted, wall);
            else Baseline(w, trainer, hosted, wall, f.SolvedAtEnvStep);
            w.WriteNumber("final_eval_episodes", f.Final.Episodes);
            Number(w, "final_eval_mean", f.Final.Mean);
            Number(w, "final_eval_std", f.Final.Std);
            Number(w, "final_eval_mean_length", f.Final.MeanLength);
            Number(w, trainer is Rein2Trainer ? "reward_threshold" : "solved_threshold", hosted.Env!.RewardThreshold);
            if (trainer is not Rein2Trainer) Number(w, "solved_at_env_step", f.SolvedAtEnvStep);
            Pairs(w, "settings", f.Settings);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    static void Rein2(Utf8JsonWriter w, Rein2Trainer t, IHostedTrainer hosted, double wall)
    {
        var o = t.Options;
        w.WriteString("env", o.Env);
        w.WriteString("meta", t.MetaLearner.Name);
        w.WriteNumber("seed", hosted.Seed);
        w.WriteNumber("rbv", o.RbvFraction);
        w.WriteNumber("rbv_size", t.Subset.Dimension);
        w.WriteString("subset", t.Subset.Name);
        w.WriteString("produced_agent", t.ProducedAgent.Name);
        w.WriteNumber("episodes", o.Episodes);
        w.WriteNumber("bound", o.Bound);
        w.WriteString("bound_mode", o.BoundMode.ToString().ToLowerInvariant());
        w.WriteNumber("episode_length", o.EpisodeLength);
        Pairs(w, "meta_hyperparameters", o.HasMetaTrainer ? OptionKeys.Describe(o.EffectiveMetaOptions) : []);
        w.WriteNumber("meta_steps", t.MetaSteps);
        w.WriteNumber("inner_env_steps", t.InnerEnvSteps);
        Number(w, "wall_s", wall);
        Number(w, "meta_steps_per_s", t.MetaSteps / wall);
        Number(w, "inner_env_steps_per_s", t.InnerEnvSteps / wall);
        Number(w, "best_mean", t.BestReturn);
        w.WriteNumber("best_step", t.BestStep);
    }

    static void Baseline(Utf8JsonWriter w, ITrainer t, IHostedTrainer hosted, double wall, double? solvedAt)
    {
        (string algo, IEnumerable<KeyValuePair<string, string>> hyper) = t switch
        {
            DqnTrainer d => ("dqn", OptionKeys.Describe(d.Options)),
            OnPolicyTrainer p => (p.Options.Algo == OnPolicyAlgo.Ppo ? "ppo" : "a2c", OptionKeys.Describe(p.Options)),
            _ => throw new InvalidSettingException($"TrainingRun hosts the library's trainers; {t.GetType().Name} is not one."),
        };
        w.WriteString("algo", algo);
        w.WriteString("env", t.EnvId);
        w.WriteNumber("seed", hosted.Seed);
        Pairs(w, "hyperparameters", hyper);
        w.WriteNumber("env_steps", t.EnvSteps);
        Number(w, "wall_s", wall);
        Number(w, "env_steps_per_s", t.EnvSteps / wall);
        w.WriteNumber("train_episodes", hosted.Monitor!.Count);
        Number(w, "train_ep_rew_mean_last100", hosted.Monitor.MeanReturn);
        Number(w, "train_ep_len_mean_last100", hosted.Monitor.MeanLength);
    }

    static void Number(Utf8JsonWriter w, string key, double? v)
    {
        if (v is double d && double.IsFinite(d)) w.WriteNumber(key, d);
        else w.WriteNull(key);
    }

    static void Pairs(Utf8JsonWriter w, string key, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        w.WriteStartObject(key);
        foreach (var (k, v) in pairs) w.WriteString(k, v);
        w.WriteEndObject();
    }

    /// <summary>The library's version (the package version).</summary>
    public static string Version =>
        typeof(RunSummary).Assembly.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>A CSV cell: shortest round-trip, "null" for NaN/∞ (as the run logs always had it).</summary>
    public static string Cell(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "null";
}
