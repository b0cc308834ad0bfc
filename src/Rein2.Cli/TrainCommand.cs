// `rein2 train [--env ID] [--meta ppo|a2c|random] [--rbv F] [--episodes N] [--steps N] [--seed N]
//  [--set key=value ...] [--out DIR]`: a REIN-2 run. Writes DIR/progress.csv (meta_step,
// inner_env_steps, wall_s, reward, best_so_far), DIR/summary.json and DIR/best.agent.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rein2.Pure.Algos;
using Rein2.Pure.Io;
using Rein2.Pure.Rein2;

namespace Rein2.Cli;

public static class TrainCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var (rest, sets) = SetArgs.Split(args, 1);
        var p = new ArgParser("train", rest, 0, ["--env", "--meta", "--rbv", "--episodes", "--steps", "--seed", "--out", "--preset", "--config"], ["--print-config"]);
        string metaName = (p.Get("--meta") ?? "ppo").ToLowerInvariant();
        var meta = metaName switch
        {
            "ppo" => MetaLearner.Ppo, "a2c" => MetaLearner.A2c, "random" => MetaLearner.Random,
            _ => throw new UsageException($"--meta {metaName} is not known; allowed: ppo, a2c, random."),
        };
        var o = new Rein2Options { Env = p.Get("--env") ?? "CartPole-v1", Meta = meta };
        // precedence: preset < config file < flags (--rbv/--episodes/--steps and --set)
        if (p.Get("--preset") is string preset) o = Rein2Keys.ApplyPreset(o, preset);
        if (p.Get("--config") is string cfg) foreach (var (k, v) in ConfigFile.Read(cfg)) o = Rein2Keys.Set(o, k, v);
        if (p.Get("--rbv") is string rbv) o = Rein2Keys.Set(o, "rbv", rbv);
        if (p.Get("--episodes") is string ep) o = Rein2Keys.Set(o, "episodes", ep);
        if (p.Get("--steps") is string st) o = Rein2Keys.Set(o, "steps", st);
        foreach (var (k, v) in sets) o = Rein2Keys.Set(o, k, v);
        o.Validate();
        if (p.Has("--print-config")) { stdout.Write(ConfigFile.Print(Rein2Keys.Describe(o))); return Cli.Ok; }
        ulong seed = p.GetUInt64("--seed", 0);
        string outDir = p.Get("--out") ?? Path.Combine("runs", $"{o.Env}-{metaName}-{seed}");

        var sw = Stopwatch.StartNew();
        var trainer = new Rein2Trainer(o, seed);
        var csv = new StringBuilder("meta_step,inner_env_steps,wall_s,reward,best_so_far\n");
        var bar = new Progress(Console.IsErrorRedirected ? stdout : Console.Error, !Console.IsErrorRedirected, o.MetaSteps, "meta steps");
        trainer.Outer.OnMetaStep = (step, inner, reward, best) =>
        {
            double wall = sw.Elapsed.TotalSeconds;
            csv.Append(step).Append(',').Append(inner).Append(',').Append(JsonOut.Num(wall)).Append(',').Append(JsonOut.Num(reward)).Append(',').Append(JsonOut.Num(best)).Append('\n');
            bar.Report(step, $"return {reward:F1} best {best:F1} inner steps {inner} ({step / Math.Max(wall, 1e-9):F0} meta/s)", step == o.MetaSteps);
        };
        trainer.Run();
        bar.Finish();
        double trainWall = sw.Elapsed.TotalSeconds;
        var final = trainer.FinalEvaluation();
        var best = trainer.BestAgent();
        AgentFile.Save(Path.Combine(outDir, "best.agent"), o.Env, best);
        JsonOut.WriteAtomically(Path.Combine(outDir, "progress.csv"), csv.ToString());
        var summary = new JsonOut()
            .Add("env", o.Env).Add("meta", metaName).Add("seed", (long)seed).Add("rbv", o.Rbv).Add("rbv_size", (long)trainer.Outer.Rbv.Count)
            .Add("episodes", (long)o.Episodes).Add("bound", o.Bound).Add("bound_mode", o.BoundMode.ToString().ToLowerInvariant())
            .Add("episode_length", (long)o.EpisodeLength)
            .AddObject("meta_hyperparameters", meta == MetaLearner.Random ? [] : OptionKeys.Describe(o.EffectiveMetaOptions))
            .Add("meta_steps", trainer.Outer.MetaSteps).Add("inner_env_steps", trainer.Outer.InnerEnvSteps)
            .Add("wall_s", trainWall).Add("meta_steps_per_s", trainer.Outer.MetaSteps / trainWall)
            .Add("inner_env_steps_per_s", trainer.Outer.InnerEnvSteps / trainWall)
            .Add("best_mean", trainer.Outer.BestReturn).Add("best_step", trainer.Outer.BestStep)
            .Add("final_eval_episodes", (long)final.Episodes).Add("final_eval_mean", final.Mean).Add("final_eval_std", final.Std);
        JsonOut.WriteAtomically(Path.Combine(outDir, "summary.json"), summary.ToString());
        stdout.WriteLine($"REIN-2 {metaName} {o.Env} seed {seed}: {trainer.Outer.MetaSteps} meta steps, {trainer.Outer.InnerEnvSteps} inner env steps in {trainWall:F1} s " +
                         $"({trainer.Outer.MetaSteps / trainWall:F0} meta steps/s); best {trainer.Outer.BestReturn:F1} at step {trainer.Outer.BestStep}; " +
                         $"best agent re-evaluated on {final.Episodes} fresh episodes: {final.Mean:F1} ± {final.Std:F1}; wrote {outDir}");
        return Cli.Ok;
    }
}
