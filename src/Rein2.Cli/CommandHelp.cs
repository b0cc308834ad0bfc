// The usage text of every command, one entry each: `rein2 --help` prints them all, `rein2 COMMAND
// --help` and `rein2 help COMMAND` print one. Kept apart from the commands so the help of a command
// that fails to parse its flags is still reachable.
namespace Rein2.Cli;

public static class CommandHelp
{
    const string Intro = "rein2 — REIN-2 meta-reinforcement learning in pure C#";

    const string Checkpoints = """
          Checkpoints: DIR/checkpoint.bin is written every --checkpoint-minutes of wall time
          (default 5; 0: never by the clock), every --checkpoint-every steps if given (meta steps
          for train, env steps for baseline; default 0: never by steps), at the end of the run,
          and on Ctrl-C or SIGTERM — then the command exits with code 130 and prints the --resume
          command (a second Ctrl-C quits at once). Resume is bit-identical whichever of these
          wrote the checkpoint. Files are written to a temporary name, flushed and renamed; a
          NaN/∞ loss or parameter stops the run with the last good checkpoint kept.
        """;

    /// <summary>Each command's usage, in the order `rein2 --help` lists them.</summary>
    public static IReadOnlyList<(string Command, string Text, bool Checkpoints)> Commands { get; } =
    [
        ("train", """
          rein2 train [--env ID] [--meta ppo|a2c|random|es|cmaes|ars] [--rbv F] [--episodes N] [--steps N]
                      [--seed N] [--preset NAME] [--config FILE] [--set key=value ...]
                      [--out DIR] [--checkpoint-minutes M] [--checkpoint-every N] [--print-config]
                                  REIN-2: a meta-learner (PPO, A2C, the random-search control, or
                                  a weight-space learner: OpenAI-ES, sep-CMA-ES, ARS V1-t) writes
                                  the RBV entries of a DQN Q-network and is rewarded with the
                                  network's mean return over N greedy episodes. Defaults:
                                  CartPole-v1, ppo, rbv 0.01, 10 episodes, 2500 meta steps, seed 0,
                                  --out runs/<env>-<meta>-<seed>. The environment needs Discrete
                                  actions (CartPole-v1, Acrobot-v1, MountainCar-v0). Writes
                                  progress.csv, summary.json, best.agent (the best agent,
                                  re-evaluated on 100 fresh episodes) and checkpoint.bin.
                                  Settings: bound=1, bound_mode=absolute|offset, episode_length=0
                                  (never ends), inner_net_arch=256,256, inner_trig=exact|fast,
                                  final_episodes=100, search_sigma=F (es/cmaes/ars: exploration
                                  as a fraction of the box width; 0: the learner's default),
                                  meta.<SB3 key>=... (ppo/a2c); presets: sb3-default (default),
                                  fast-update. --config reads a JSON object of the same
                                  keys; precedence flag > file > preset; --print-config shows the
                                  effective settings and exits.
          rein2 train --resume DIR [--steps N] [--checkpoint-minutes M] [--checkpoint-every N]
                                  Continue the run in DIR from DIR/checkpoint.bin with its own
                                  settings; --steps may raise the total. The finished run is
                                  bit-identical to one never interrupted (wall-clock columns aside).
        """, true),
        ("baseline", """
          rein2 baseline [--algo ppo|a2c|dqn] [--env ID] [--seed N] [--steps N]
                         [--eval-every N] [--eval-episodes N] [--out DIR] [--set key=value ...]
                         [--config FILE] [--checkpoint-minutes M] [--checkpoint-every N]
                         [--print-config]
                                  Train PPO, A2C or DQN with the RL Zoo's preset for the pair
                                  (defaults: ppo, CartPole-v1, seed 0, the preset's n_timesteps;
                                  evaluation every n_timesteps/20 steps over 10 episodes, and a
                                  final 100-episode evaluation). Writes progress.csv, monitor.csv,
                                  summary.json, model.bin and checkpoint.bin into DIR (default
                                  runs/baseline-<algo>-<env>-<seed>). Keys for --set are SB3's
                                  names (learning_rate, n_steps, net_arch=64,64, ...).
          rein2 baseline --resume DIR [--steps N] [--checkpoint-minutes M] [--checkpoint-every N]
                                  Continue a baseline run from DIR/checkpoint.bin (bit-identical;
                                  a raised --steps re-times the schedules from then on, as SB3's
                                  learn(reset_num_timesteps=False)).
        """, true),
        ("eval", """
          rein2 eval FILE [--episodes N] [--seed N]
                                  Play a saved agent greedily (default 100 episodes, seed 0) and
                                  print {"env", "episodes", "mean", "std", "min", "max"}. FILE is a
                                  best.agent or a baseline's model.bin (DQN, PPO or A2C).
        """, false),
        ("reproduce", """
          rein2 reproduce table1 [--seeds N] [--scale F] [--out DIR]
                                  The paper's Table 1 grid (REIN-2 PPO/A2C, the random control,
                                  PPO/A2C baselines; 3 envs, default 3 seeds) at the paper's steps
                                  × F, two jobs at a time; writes table1.md and one SVG per env
                                  (default --out runs/table1).
          rein2 reproduce meta [--seeds N] [--first-seed N] [--scale F] [--envs ID,...]
                               [--methods M,...] [--out DIR]
                                  The "Beyond the paper" protocol: random search, OpenAI-ES,
                                  sep-CMA-ES, ARS, REIN-2's PPO, PPO updating every 64 steps
                                  (ppo-fast) and ppo-informed (on request also es-restart,
                                  cmaes-restart, ars-restart: a fresh uniform centre after a
                                  generation with no signal), on the same seeds (default 10,
                                  from --first-seed, default 0)
                                  with equal budgets of inner env steps (Acrobot 3M, MountainCar
                                  2M, CartPole 1M, × F); each best agent re-evaluated on 100 fresh
                                  episodes; paired Wilcoxon and IQM bootstrap intervals against
                                  random search. Writes meta.md, runs.jsonl, curve SVGs, and
                                  each method's best agent per env in agents/ (default --out
                                  runs/meta).
        """, false),
        ("render", """
          rein2 render [FILE] [--env ID] --out FILE.svg [--seed N] [--episodes N] [--speed F]
                       [--size WxH] [--max-steps N]
                                  Play episodes — a saved agent's greedy actions (a best.agent or
                                  a baseline's model.bin), or random actions with --env — and
                                  write one self-contained animated SVG (no script, no network):
                                  the environment drawn from its exact states, with the step, the
                                  return so far and the action. Defaults: 1 episode, seed 0, real
                                  time (Gymnasium's render_fps; --speed 2 is twice as fast),
                                  600x400.
        """, false),
        ("report", """
          rein2 report DIR [--out FILE.html]
                                  Write one self-contained HTML page (inline CSS and SVG, no
                                  script, no network) for a finished run directory of train,
                                  baseline, reproduce table1 or reproduce meta: the command,
                                  settings, version and SIMD path, the learning curves, the
                                  evaluation statistics, the best agent playing a fresh episode,
                                  for table1 the table with the paper's values beside ours, for
                                  meta the protocol's tables. Default DIR/report.html. Reads on
                                  a phone or a wide screen; prints.
        """, false),
        ("plot", """
          rein2 plot FILE.csv[=LABEL] ... --y COL[,COL...] [--x COL] [--smooth N] [--title T]
                     --out FILE.svg
                                  Draw columns of CSV logs (a run's progress.csv or monitor.csv,
                                  or your own) as one SVG plot: a line per file and column, each
                                  a trailing mean of N points (default 1); x defaults to the row
                                  number.
        """, false),
        ("envs", """
          rein2 envs              List the environments with their spaces and time limits.
        """, false),
        ("rollout", """
          rein2 rollout --env ID [--seed N] [--actions FILE|-]
                                  Reset with the seed (default 0), read one action per line
                                  (an integer for Discrete, a JSON array such as [0.5] for Box;
                                  '-' or no flag reads standard input) and write JSON lines:
                                  {"obs": [...]} for a reset, {"obs", "reward", "terminated",
                                  "truncated"} for a step. After an episode ends and more
                                  actions follow, it resets without a seed (as Gymnasium's
                                  reset() continues the generator).
        """, false),
        ("bench", """
          rein2 bench [WORD]      Time a fixed micro-workload (MLP, CartPole) with this binary
                                  (only the workloads whose name contains WORD).
        """, false),
        ("help", """
          rein2 --help, rein2 help [COMMAND], rein2 COMMAND --help
                                  Show this help, or one command's.
        """, false),
        ("version", """
          rein2 --version         Show the version and the SIMD width this binary runs with.
        """, false),
    ];

    const string ExitCodes = """
        Exit codes: 0 success, 1 runtime failure (e.g. divergence, an unexpected error), 2 usage or
        input error (a bad flag or setting, an unwritable --out, or a missing, truncated, corrupted
        or wrong-kind file), 130 interrupted after writing a checkpoint.
        """;

    /// <summary>The whole help: every command, then the exit codes.</summary>
    public static string All => $"{Intro}\n\nUsage:\n{string.Join("\n", Commands.Select(c => c.Text))}\n\n{Checkpoints}\n\n{ExitCodes}";

    /// <summary>One command's help, or null for an unknown command.</summary>
    public static string? For(string command)
    {
        foreach (var (name, text, checkpoints) in Commands)
            if (name == command) return $"{Intro}\n\nUsage:\n{text}{(checkpoints ? "\n\n" + Checkpoints : "")}\n\n{ExitCodes}";
        return null;
    }

    /// <summary>True when the arguments after the command ask for its help.</summary>
    public static bool Asked(string[] args) => args.Skip(1).Any(a => a is "--help" or "-h");
}
