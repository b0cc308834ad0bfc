// Bring your own environment: check it, train it with DQN, PPO and REIN-2 from code (progress,
// cancellation, checkpoint and resume, a run directory as the CLI keeps one), keep the best agent,
// save it, load it, act with no allocation per step and share it between threads.
// docs/embedding.md walks through this file; its snippets are cut from it.
//   dotnet run -c Release --project samples/CustomEnv [-- OUT_DIR]
using CustomEnv;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Optim;
using Rein2.Pure.Meta;

string outDir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "rein2-thermostat");
Directory.CreateDirectory(outDir);

// --- check ---
var thermostat = new EnvSpec(() => new Thermostat());
EnvCheckReport report = EnvChecker.Check(thermostat);
Console.WriteLine(report);
report.ThrowIfFailed();

// --- baseline: a random policy ---
var coin = new Rein2.Pure.Rng.Pcg64(1);
double random = Evaluation.Run(thermostat, 50, seed: 1000, (obs, action) => action[0] = coin.Integers(0, 3)).Mean;
Console.WriteLine($"random policy: {random:F2}");

// --- progress ---
// a line every `every` steps; the trainer calls Report on its own thread after each iteration
static SyncProgress<TrainingProgress> Every(long every)
{
    long next = every;
    return new SyncProgress<TrainingProgress>(p =>
    {
        if (p.Steps < next) return;
        Console.WriteLine($"  {p.Steps}/{p.TotalSteps} steps, mean return {p.MeanReturn:F2}");
        while (next <= p.Steps) next += every;
    });
}

// --- dqn ---
var dqnOptions = new DqnOptions
{
    TotalTimesteps = 30_000, LearningRate = Schedule.Constant(1e-3), BufferSize = 30_000, LearningStarts = 1_000,
    BatchSize = 64, TrainFreq = 4, TargetUpdateInterval = 1_000, ExplorationFraction = 0.2, NetArch = [64, 64],
};
var dqn = new DqnTrainer(thermostat, dqnOptions, seed: 0);
dqn.Learn(Every(10_000));

// --- dqn: a checkpoint by hand, restored into a trainer built with the same settings ---
string checkpoint = Path.Combine(outDir, "dqn.ckpt");
CheckpointFile.Save(checkpoint, dqn);
var restored = new DqnTrainer(thermostat, dqnOptions, seed: 0); // the same settings
CheckpointFile.Restore(checkpoint, restored);

// --- ppo in a run directory: checkpoints on a schedule, Ctrl-C, resumed ---
var ppoOptions = OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with { NEnvs = 8, NSteps = 256, TotalTimesteps = 200_000 };
string ppoDir = Path.Combine(outDir, "ppo");
using var ctrlC = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; ctrlC.Cancel(); }; // Ctrl-C: checkpoint, then stop

using (var dir = RunDirectory.CreateNew(ppoDir, overwrite: true))
using (var halfWay = CancellationTokenSource.CreateLinkedTokenSource(ctrlC.Token))
{
    var run = TrainingRun.Start(dir, new OnPolicyTrainer(thermostat, ppoOptions, seed: 0),
        new TrainingRunOptions { Checkpoints = new CheckpointPolicy { EverySteps = 50_000 } });
    // the sample interrupts itself half way, as a Ctrl-C would
    RunOutcome outcome = run.Run(new SyncProgress<RunProgress>(p => { if (p.Training.Steps >= 100_000) halfWay.Cancel(); }), halfWay.Token);
    Console.WriteLine($"PPO: {outcome} at {run.Trainer.Steps} steps");
}
if (ctrlC.IsCancellationRequested) return 130; // stopped by the user, the checkpoint written

OnPolicyTrainer ppo = new(thermostat, ppoOptions, seed: 0); // the settings the run was started with
using (var dir = RunDirectory.OpenForResume(ppoDir))
{
    var every50k = Every(50_000);
    try
    {
        TrainingRun.Resume(dir, ppo).Run(new SyncProgress<RunProgress>(p => every50k.Report(p.Training)), ctrlC.Token);
    }
    catch (EnvironmentException e) // the environment failed (a NaN, an exception in Step): the trainer refuses to go on
    {
        Console.WriteLine($"{e.Message} The checkpoint of the last good step is kept: fix the environment and resume.");
        return 1;
    }
}

// --- rein2 ---
var rein2Options = new Rein2Options { MetaLearner = MetaLearner.Random, MetaSteps = 300, Episodes = 10, FinalEpisodes = 50 };
var rein2 = new Rein2Trainer(thermostat, rein2Options, seed: 0);
rein2.Learn();
Console.WriteLine($"REIN-2: best produced agent {rein2.BestReturn:F2} at meta step {rein2.BestStep}");

// --- rein2 with your own modules: a meta-learner and a subset of yours, on 2 threads, checkpointed half way and resumed ---
Rein2Trainer Own() => new(thermostat, rein2Options with { Threads = 2, Bound = 2 }, seed: 0, c => new HillClimber(c), c => new ComfortSubset(c));
var own = Own();
own.Learn(pauseAtStep: 152);                                   // as if stopped half way
string ownCheckpoint = Path.Combine(outDir, "own.ckpt");
CheckpointFile.Save(ownCheckpoint, own);
var ownResumed = Own();                                        // the same settings and modules
CheckpointFile.Restore(ownCheckpoint, ownResumed);
ownResumed.Learn();
var ownWhole = Own();
ownWhole.Learn();
bool ownResumesAlike = ownResumed.BestReturn == ownWhole.BestReturn && ownResumed.BestCandidate.SequenceEqual(ownWhole.BestCandidate);
double ownScore = Evaluation.Run(thermostat, ownResumed.Agent, 50, seed: 2000).Mean;
Console.WriteLine($"REIN-2 with {ownResumed.MetaLearner.Name} over {ownResumed.Subset.Name} ({ownResumed.Subset.Dimension} weights): {ownScore:F2}; resumed {(ownResumesAlike ? "bit-identically" : "DIFFERENTLY")}");

// --- pick the best, save, load ---
var candidates = new (string Name, IAgent Agent)[] { ("DQN", restored.Agent), ("PPO", ppo.Agent), ("REIN-2", rein2.Agent) };
var scored = candidates.Select(c => (c.Name, c.Agent, Score: Evaluation.Run(thermostat, c.Agent, 50, seed: 2000).Mean)).ToList();
foreach (var (name, _, score) in scored) Console.WriteLine($"{name}: {score:F2} (random {random:F2})");
var best = scored.MaxBy(c => c.Score);

string agentPath = Path.Combine(outDir, "thermostat.agent");
AgentFile.Save(agentPath, best.Agent);
IAgent loaded = AgentFile.Load(agentPath, thermostat);

// --- register: string paths (agent files, configs) now resolve "Thermostat-v0" ---
EnvRegistry.Register(thermostat);
IAgent byId = AgentFile.Load(agentPath);

// --- act ---
var env = new Thermostat();
var observation = new float[env.ObservationSize];
var action = new float[1];
env.Reset(observation, seed: 7);
double dayReturn = 0;
long before = GC.GetAllocatedBytesForCurrentThread();
for (bool done = false; !done;)
{
    loaded.Act(observation, action);                       // no allocation
    StepResult step = env.Step((int)action[0], observation); // writes the next observation
    dayReturn += step.Reward;
    done = step.Done;
}
long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
Console.WriteLine($"best: {best.Name}; one day with the reloaded agent: return {dayReturn:F2}, {allocated} bytes allocated while acting");

// --- share: one agent, many threads at once (a game server, a web API) ---
var states = new float[10_000][];
var stateRng = new Rein2.Pure.Rng.Pcg64(3);
for (int i = 0; i < states.Length; i++) states[i] = [.. Enumerable.Range(0, 4).Select(_ => (float)stateRng.Uniform(-2, 2))];
int[] Actions(int threads)
{
    var actions = new int[states.Length];
    Parallel.For(0, states.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
    {
        Span<float> a = stackalloc float[1];
        loaded.Act(states[i], a); // Act keeps no state between calls: safe from any number of threads
        actions[i] = (int)a[0];
    });
    return actions;
}
bool shared = Actions(1).SequenceEqual(Actions(8));
Console.WriteLine($"8 threads on one agent: {(shared ? "the same actions as 1 thread" : "DIFFERENT actions")}");

// --- deploy: the agent as an ONNX model (ONNX Runtime, Unity Sentis, ...) and back ---
string onnxPath = Path.Combine(outDir, "thermostat.onnx");
OnnxExportSummary written = AgentFile.SaveOnnx(onnxPath, best.Agent);
IAgent fromOnnx = AgentFile.Load(onnxPath); // the model names Thermostat-v0, registered above
bool onnxActsAlike = states.All(s =>
{
    Span<float> a = stackalloc float[1], b = stackalloc float[1];
    loaded.Act(s, a);
    fromOnnx.Act(s, b);
    return a[0] == b[0];
});
Console.WriteLine($"ONNX: {written.Kind}, outputs {string.Join(", ", written.Outputs)}, {written.Bytes:N0} bytes; {(onnxActsAlike ? "the same actions" : "DIFFERENT actions")} after the round trip");

// what CI checks: every learner beats random, the reload acts like the original, the loop allocates nothing
double reloaded = Evaluation.Run(thermostat, loaded, 50, seed: 2000).Mean;
bool ok = scored.All(c => c.Score > random) && reloaded == best.Score && allocated == 0 && byId.EnvId == "Thermostat-v0" && shared && onnxActsAlike
    && ownScore > random && ownResumesAlike;
Console.WriteLine(ok ? "ok" : "FAILED");
return ok ? 0 : 1;
