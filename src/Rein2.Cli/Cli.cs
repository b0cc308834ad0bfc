// Command dispatch for `rein2`. Each command lives in its own file; this one only routes and maps
// errors to exit codes.
using System.Reflection;
using Rein2.Pure;

namespace Rein2.Cli;

/// <summary>Entry point logic, separated from Main so tests can call it in-process.</summary>
public static class Cli
{
    /// <summary>Exit code: success.</summary>
    public const int Ok = 0;
    /// <summary>Exit code: the run failed (divergence, I/O failure, …).</summary>
    public const int RuntimeFailure = 1;
    /// <summary>Exit code: bad command line or bad input file.</summary>
    public const int UsageError = 2;
    /// <summary>Exit code: interrupted by Ctrl-C or SIGTERM after writing a checkpoint (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static string Version =>
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public const string Help = """
        rein2 — REIN-2 meta-reinforcement learning in pure C#

        Usage:
          rein2 train [--env ID] [--meta ppo|a2c|random] [--rbv F] [--episodes N] [--steps N]
                      [--seed N] [--preset NAME] [--config FILE] [--set key=value ...]
                      [--out DIR] [--checkpoint-every N] [--print-config]
                                  REIN-2: a meta-learner (PPO, A2C, or the random-search control)
                                  writes the RBV entries of a DQN Q-network and is rewarded with
                                  the network's mean return over N greedy episodes. Defaults:
                                  CartPole-v1, ppo, rbv 0.01, 10 episodes, 2500 meta steps, seed 0,
                                  --out runs/<env>-<meta>-<seed>. Writes progress.csv, summary.json,
                                  best.agent (the best agent, re-evaluated on 100 fresh episodes)
                                  and checkpoint.bin. Settings: bound=1, bound_mode=absolute|offset,
                                  episode_length=0 (never ends), inner_net_arch=256,256,
                                  inner_trig=exact|fast, final_episodes=100, meta.<SB3 key>=...;
                                  presets: sb3-default (default), fast-update. --config reads a
                                  JSON object of the same keys; precedence flag > file > preset;
                                  --print-config shows the effective settings and exits.
          rein2 train --resume DIR [--steps N] [--checkpoint-every N]
                                  Continue the run in DIR from DIR/checkpoint.bin with its own
                                  settings; --steps may raise the total. The finished run is
                                  bit-identical to one never interrupted (wall-clock columns aside).
          rein2 eval FILE [--episodes N] [--seed N]
                                  Play a saved agent greedily (default 100 episodes, seed 0) and
                                  print {"env", "episodes", "mean", "std", "min", "max"}. FILE is a
                                  best.agent or a baseline's model.bin (DQN, PPO or A2C).
          rein2 reproduce table1 [--seeds N] [--scale F] [--out DIR]
                                  The paper's Table 1 grid (REIN-2 PPO/A2C, the random control,
                                  PPO/A2C baselines; 3 envs, default 3 seeds) at the paper's steps
                                  × F, two jobs at a time; writes table1.md and one SVG per env
                                  (default --out runs/table1).
          rein2 bench [WORD]      Time a fixed micro-workload (MLP, CartPole) with this binary
                                  (only the workloads whose name contains WORD).
          rein2 --help            Show this help.
          rein2 --version         Show the version and the SIMD width this binary runs with.
          rein2 envs              List the environments with their spaces and time limits.
          rein2 rollout --env ID [--seed N] [--actions FILE|-]
                                  Reset with the seed (default 0), read one action per line
                                  (an integer for Discrete, a JSON array such as [0.5] for Box;
                                  '-' or no flag reads standard input) and write JSON lines:
                                  {"obs": [...]} for a reset, {"obs", "reward", "terminated",
                                  "truncated"} for a step. After an episode ends and more
                                  actions follow, it resets without a seed (as Gymnasium's
                                  reset() continues the generator).

          rein2 baseline [--algo ppo|a2c|dqn] [--env ID] [--seed N] [--steps N]
                         [--eval-every N] [--eval-episodes N] [--out DIR] [--set key=value ...]
                         [--config FILE] [--checkpoint-every N] [--print-config]
                                  Train PPO, A2C or DQN with the RL Zoo's preset for the pair
                                  (defaults: ppo, CartPole-v1, seed 0, the preset's n_timesteps;
                                  evaluation every n_timesteps/20 steps over 10 episodes, and a
                                  final 100-episode evaluation). Writes progress.csv, monitor.csv,
                                  summary.json, model.bin and checkpoint.bin into DIR (default
                                  runs/baseline-<algo>-<env>-<seed>). Keys for --set are SB3's
                                  names (learning_rate, n_steps, net_arch=64,64, ...).
          rein2 baseline --resume DIR [--steps N] [--checkpoint-every N]
                                  Continue a baseline run from DIR/checkpoint.bin (bit-identical;
                                  a raised --steps re-times the schedules from then on, as SB3's
                                  learn(reset_num_timesteps=False)).

        Checkpoints: train and baseline write DIR/checkpoint.bin every --checkpoint-every steps
        (meta steps for train, default 500; env steps for baseline, default 50000; 0: never
        periodically), at the end of the run, and on Ctrl-C or SIGTERM — then they exit with
        code 130 and print the --resume command (a second Ctrl-C quits at once). Every file is
        written to a temporary name, flushed and renamed; a NaN/∞ loss or parameter stops the
        run with the last good checkpoint kept.

        Exit codes: 0 success, 1 runtime failure (e.g. divergence), 2 usage or input error (a bad
        flag or setting, or a missing, truncated, corrupted or wrong-kind file), 130 interrupted
        after writing a checkpoint.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    /// <summary>Runs one command; <paramref name="interrupt"/> asks a training run to checkpoint and stop.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken interrupt = default)
    {
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                stdout.WriteLine(Help);
                return Ok;
            }
            switch (args[0])
            {
                case "--version" or "version":
                    stdout.WriteLine($"rein2 {Version}");
                    stdout.WriteLine($"SIMD: {SimdPaths.Describe()}");
                    return Ok;
                case "envs":
                    return EnvsCommand.Run(stdout);
                case "rollout":
                    return RolloutCommand.Run(args, stdin, stdout);
                case "baseline":
                    return BaselineCommand.Run(args, stdout, stderr, interrupt);
                case "train":
                    return TrainCommand.Run(args, stdout, stderr, interrupt);
                case "eval":
                    return EvalCommand.Run(args, stdout);
                case "reproduce":
                    return ReproduceCommand.Run(args, stdout);
                case "bench":
                    return BenchCommand.Run(args, stdout);
                default:
                    throw new UsageException($"Unknown command '{args[0]}'. Run 'rein2 --help' for the list of commands.");
            }
        }
        catch (UsageException e)
        {
            stdout.Flush();
            stderr.WriteLine($"rein2: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"rein2: {e.Message}");
            return UsageError;
        }
        catch (Rein2.Pure.Algos.TrainingDivergedException e)
        {
            stderr.WriteLine($"rein2: {e.Message}");
            return RuntimeFailure;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"rein2: {e.GetType().Name}: {e.Message}");
            return RuntimeFailure;
        }
    }
}

/// <summary>A command-line mistake: reported in one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
