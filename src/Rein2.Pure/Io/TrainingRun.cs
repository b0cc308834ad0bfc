// A training run that owns its directory, in the spirit of SB3's learn() with its checkpoint, eval
// and monitor callbacks, for every trainer (PPO, A2C, DQN, REIN-2) and every host (the CLI, the
// samples, your app). Read top to bottom:
//   START/RESUME  lock the directory (RunDirectory); a resume restores the checkpoint — trainer,
//                 logs' lengths, clock, evaluation schedule — and keeps its checkpoint policy
//   LOOP          Learn until the budget is spent, pausing when a checkpoint is due (every N steps,
//                 every M minutes) or the caller cancels; after every iteration progress.csv (and
//                 monitor.csv) grow, and PPO/A2C/DQN are evaluated every EvaluateEvery env steps
//   FINISH        the final evaluation, the agent (best.agent / model.bin), summary.json — small
//                 files first, so a full disk still leaves the results — then the last checkpoint
// On a fault the last good checkpoint stays as it was and the error says so; on an I/O failure the
// error names the file that could not be written and the checkpoint that is intact.
using System.Diagnostics;
using System.Globalization;
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Meta;

namespace Rein2.Pure.Io;

/// <summary>Runs a trainer in a run directory: checkpoints, logs, evaluation, the summary and the agent.</summary>
public sealed class TrainingRun
{
    const string Kind = "run";
    // PPO/A2C/DQN evaluation episodes never share initial states with the training lanes
    const ulong EvalSeedOffset = 1_000_003UL;

    readonly RunDirectory _dir;
    readonly ITrainer _trainer;
    readonly IHostedTrainer _hosted;
    readonly TrainingRunOptions _o;
    readonly CheckpointPolicy _policy;
    readonly RunClock _clock = new();
    readonly bool _isRein2;
    readonly long _evalEvery;
    readonly List<FinishedEpisode> _episodes = [];
    AppendLog? _progress, _monitor;
    long _progressLength, _monitorLength, _nextEval, _nextCheckpoint;
    double _solvedAt = double.NaN;
    string _command;
    readonly List<string> _resumes = [];
    readonly bool _otherNumericPath;
    long _checkpointStep = -1;
    readonly Stopwatch _sinceCheckpoint = new();

    /// <summary>The directory.</summary>
    public RunDirectory Directory => _dir;
    /// <summary>The trainer.</summary>
    public ITrainer Trainer => _trainer;
    /// <summary>The checkpoint policy in force (the stored one on a resume unless the options gave one).</summary>
    public CheckpointPolicy Checkpoints => _policy;

    TrainingRun(RunDirectory dir, ITrainer trainer, TrainingRunOptions options, CheckpointPolicy policy, bool otherNumericPath)
    {
        options.Validate();
        _hosted = trainer as IHostedTrainer ?? throw new InvalidSettingException($"TrainingRun hosts the library's trainers (PPO, A2C, DQN, REIN-2); {trainer.GetType().Name} is not one.");
        if (_hosted.Env is null) throw new InvalidSettingException("TrainingRun needs a trainer built for an environment (an id or an EnvSpec), not on a bare VecEnv.");
        if (trainer.Status == TrainerStatus.Faulted) throw new TrainerFaultedException($"The trainer faulted ({trainer.Fault!.Message}); build a new one.", trainer.Fault);
        _dir = dir; _trainer = trainer; _o = options; _policy = policy; _otherNumericPath = otherNumericPath;
        _isRein2 = trainer is Rein2Trainer;
        _evalEvery = options.EvaluateEvery > 0 ? options.EvaluateEvery : Math.Max(trainer.TotalSteps / 20, 1);
        _nextEval = _evalEvery;
        _command = options.Command;
    }

    /// <summary>
    /// Starts a new run of <paramref name="trainer"/> (not trained yet) in <paramref name="directory"/>,
    /// which must hold no run (RunDirectory.CreateNew).
    /// </summary>
    public static TrainingRun Start(RunDirectory directory, ITrainer trainer, TrainingRunOptions? options = null)
    {
        options ??= new();
        if (trainer.Steps != 0) throw new InvalidSettingException($"Start takes a fresh trainer; this one has taken {trainer.Steps} {trainer.StepUnit} (use Resume for a run with a checkpoint).");
        var run = new TrainingRun(directory, trainer, options, options.Checkpoints ?? new CheckpointPolicy(), otherNumericPath: false);
        run._progress = AppendLog.Create(directory.File(RunDirectory.ProgressFileName), run._isRein2
            ? "meta_step,inner_env_steps,wall_s,reward,best_so_far"
            : "env_step,wall_s,eval_mean,eval_std,ep_rew_mean,ep_len_mean,episodes");
        if (!run._isRein2) run._monitor = AppendLog.Create(directory.File(RunDirectory.MonitorFileName), "r,l,env_step");
        run._hosted.Monitor?.TakeFinished(run._episodes); // starts the record of finished episodes
        run._nextCheckpoint = run.NextCheckpointAfter(0);
        return run;
    }

    /// <summary>
    /// The settings stored in the checkpoint of <paramref name="directory"/>, those the run was started
    /// with: a host rebuilds the trainer from them, then calls <see cref="Resume"/>. They are
    /// <see cref="TrainingRunOptions.Settings"/> when the host gave any (the CLI gives env, meta or
    /// algo, seed and every key), else the trainer's own: "seed" and every hyperparameter under the
    /// keys of <c>OptionKeys</c> (PPO/A2C/DQN) or <c>Rein2Keys</c> (REIN-2), e.g. learning_rate, gamma, net_arch.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> StoredSettings(RunDirectory directory)
    {
        var all = CheckpointFile.Open(directory.File(RunDirectory.CheckpointFileName), Kind, allowOtherNumericPath: true).Settings;
        var host = HostSettings(all);
        return host.Count > 0 ? host : TrainerSettings.Stored(all);
    }

    // what the host passed as TrainingRunOptions.Settings (the CLI: env, meta or algo, seed, every key)
    static List<KeyValuePair<string, string>> HostSettings(IEnumerable<KeyValuePair<string, string>> all) =>
        [.. all.Where(kv => !kv.Key.StartsWith("run.", StringComparison.Ordinal) && !kv.Key.StartsWith(TrainerSettings.Prefix, StringComparison.Ordinal))];

    /// <summary>
    /// Resumes the run in <paramref name="directory"/> with <paramref name="trainer"/>, built with the
    /// settings the run was started with (<see cref="StoredSettings"/>; the budget may be raised to
    /// extend it): restores its checkpoint, cuts its logs back to what the checkpoint saw, and keeps
    /// its checkpoint policy unless <paramref name="options"/> gives one. A trainer built with other
    /// settings than the checkpoint's is refused, naming the first that differs and both values (the
    /// budget may be raised).
    /// </summary>
    /// <param name="directory">The run's directory, opened with <see cref="RunDirectory.OpenForResume"/>.</param>
    /// <param name="trainer">A trainer built with the run's settings (<see cref="StoredSettings"/>), not trained yet.</param>
    /// <param name="options">What the resume changes (a checkpoint policy); the run's own settings and evaluation schedule are read from the checkpoint.</param>
    /// <param name="resumeCommand">How this resume was started (the CLI passes its command line): appended to summary.json's "resumes" list, one entry per resume; null adds none.</param>
    public static TrainingRun Resume(RunDirectory directory, ITrainer trainer, TrainingRunOptions? options = null, string? resumeCommand = null)
    {
        options ??= new();
        var open = CheckpointFile.Open(directory.File(RunDirectory.CheckpointFileName), Kind, options.AllowOtherNumericPath);
        if (open.Get("run.trainer") != trainer.GetType().Name || open.Get("run.env") != trainer.EnvId)
            throw new InvalidDataException($"{open.Path}: the checkpoint is of a {open.Get("run.trainer")} run on {open.Get("run.env")}, not of a {trainer.GetType().Name} on {trainer.EnvId}.");
        TrainerSettings.RequireSame(open.Path, open.Settings, trainer);
        var stored = new CheckpointPolicy { EverySteps = Long(open, "run.checkpoint_every"), EveryMinutes = Double(open, "run.checkpoint_minutes") };
        var settings = HostSettings(open.Settings);
        options = options with
        {
            Settings = settings,
            EvaluateEvery = Long(open, "run.eval_every"),
            EvaluationEpisodes = (int)Long(open, "run.eval_episodes"),
            FinalEvaluationEpisodes = (int)Long(open, "run.final_eval_episodes"),
        };
        var run = new TrainingRun(directory, trainer, options, options.Checkpoints ?? stored, open.NumericPath != SimdPaths.NumericPath);
        long progressLength = 0, monitorLength = 0;
        open.Restore(a =>
        {
            run.SyncRun(a, ref progressLength, ref monitorLength);
            trainer.Sync(a);
        });
        if (resumeCommand != null) run._resumes.Add(resumeCommand);
        run._progress = AppendLog.Continue(directory.File(RunDirectory.ProgressFileName), progressLength);
        if (!run._isRein2) run._monitor = AppendLog.Continue(directory.File(RunDirectory.MonitorFileName), monitorLength);
        run._hosted.Monitor?.TakeFinished(run._episodes);
        run._checkpointStep = trainer.Steps;
        run._nextCheckpoint = run.NextCheckpointAfter(trainer.Steps);
        return run;
    }

    static long Long(OpenCheckpoint open, string key) =>
        long.TryParse(open.Get(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v
            : throw new InvalidDataException($"{open.Path}: setting {key} '{open.Get(key)}' is not an integer.");

    static double Double(OpenCheckpoint open, string key) =>
        double.TryParse(open.Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new InvalidDataException($"{open.Path}: setting {key} '{open.Get(key)}' is not a number.");

    /// <summary>
    /// Trains until the budget is spent (<see cref="RunOutcome.Finished"/>: the agent and summary.json
    /// are written) or <paramref name="cancellationToken"/> is cancelled (<see cref="RunOutcome.Interrupted"/>:
    /// a checkpoint is written; <see cref="Resume"/> continues bit-identically). A fault in training
    /// (<see cref="TrainingDivergedException"/>, <see cref="EnvironmentException"/>, …) is rethrown
    /// with the last good checkpoint kept and named; an I/O failure is a <see cref="RunIOException"/>.
    /// <paramref name="progress"/> hears of every iteration on the training thread.
    /// </summary>
    public RunOutcome Run(IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _clock.Start();
        _sinceCheckpoint.Restart();
        try
        {
            while (!_trainer.Done)
            {
                using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Guard(() => _trainer.Learn(new SyncProgress<TrainingProgress>(p =>
                {
                    AfterIteration(p, progress);
                    if (CheckpointDue(p.Steps)) pause.Cancel();
                }), pause.Token, pauseAtStep: _nextCheckpoint));
                if (_trainer.Done || !CheckpointDue(_trainer.Steps) && !cancellationToken.IsCancellationRequested) continue;
                SaveCheckpoint();
                if (cancellationToken.IsCancellationRequested) return RunOutcome.Interrupted;
            }
            Finish();
            return RunOutcome.Finished;
        }
        finally
        {
            _progress?.Dispose(); _monitor?.Dispose();
            _progress = _monitor = null;
        }
    }

    bool CheckpointDue(long steps) =>
        steps >= _nextCheckpoint || _policy.EveryMinutes > 0 && _sinceCheckpoint.Elapsed.TotalMinutes >= _policy.EveryMinutes;

    long NextCheckpointAfter(long steps) => _policy.EverySteps > 0 ? (steps / _policy.EverySteps + 1) * _policy.EverySteps : long.MaxValue;

    // a fault in training: the trainer is Faulted; the last good checkpoint is untouched — say where it is
    void Guard(Action learn)
    {
        try { learn(); }
        catch (Exception e) when (e is TrainingDivergedException or EnvironmentException)
        {
            FlushLogsQuietly();
            string kept = _checkpointStep >= 0
                ? $"The last good checkpoint is kept at {_dir.File(RunDirectory.CheckpointFileName)} (step {_checkpointStep})."
                : "No checkpoint had been written yet.";
            if (e is EnvironmentException) throw new EnvironmentException($"{e.Message} {kept}", e.InnerException);
            throw new TrainingDivergedException($"{e.Message} {kept}");
        }
        catch (RunIOException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed("the run's logs", e);
        }
    }

    void AfterIteration(TrainingProgress p, IProgress<RunProgress>? progress)
    {
        double wall = _clock.Seconds;
        EvalResult? eval = null;
        if (_isRein2)
        {
            _progress!.Row.Write($"{p.Steps},{p.EnvSteps},{RunSummary.Cell(wall)},{RunSummary.Cell(p.MeanReturn)},{RunSummary.Cell(p.BestReturn)}");
            _progress.EndRow();
        }
        else
        {
            _hosted.Monitor!.TakeFinished(_episodes);
            foreach (var e in _episodes) { _monitor!.Row.Write($"{RunSummary.Cell(e.Return)},{e.Length},{e.EnvStep}"); _monitor.EndRow(); }
            _episodes.Clear();
            if (p.Steps >= _nextEval || _trainer.Done)
            {
                var e = Evaluation.Run(_hosted.Env!, _trainer.Agent, _o.EvaluationEpisodes, _hosted.Seed + EvalSeedOffset);
                _progress!.Row.Write($"{p.Steps},{RunSummary.Cell(wall)},{RunSummary.Cell(e.Mean)},{RunSummary.Cell(e.Std)},{RunSummary.Cell(p.MeanReturn)},{RunSummary.Cell(p.MeanLength)},{p.Episodes}");
                _progress.EndRow();
                if (double.IsNaN(_solvedAt) && e.Mean >= (_hosted.Env!.RewardThreshold ?? double.PositiveInfinity)) _solvedAt = p.Steps;
                while (_nextEval <= p.Steps) _nextEval += _evalEvery;
                eval = e;
            }
        }
        progress?.Report(new RunProgress(p, wall, eval));
    }

    // The run's own state in the checkpoint, before the trainer's: the clock, the logs' lengths, the
    // evaluation schedule and the commands that made it.
    void SyncRun(StateArchive a, ref long progressLength, ref long monitorLength)
    {
        a.Section("training-run");
        _clock.Sync(a);
        a.Sync(ref progressLength); a.Sync(ref monitorLength);
        a.Sync(ref _nextEval); a.Sync(ref _solvedAt);
        a.Sync(ref _command);
        int n = _resumes.Count;
        a.Sync(ref n);
        if (n < 0 || n > 100_000) throw new InvalidDataException($"{n} resumes is out of range.");
        for (int i = 0; i < n; i++)
        {
            string r = a.IsLoading ? "" : _resumes[i];
            a.Sync(ref r);
            if (a.IsLoading) _resumes.Add(r);
        }
        if (progressLength < 0 || monitorLength < 0) throw new InvalidDataException("a log length is negative.");
    }

    List<KeyValuePair<string, string>> CheckpointSettings() =>
    [
        .. _o.Settings,
        new("run.trainer", _trainer.GetType().Name), new("run.env", _trainer.EnvId),
        .. TrainerSettings.ToStore(_trainer),
        new("run.checkpoint_every", _policy.EverySteps.ToString(CultureInfo.InvariantCulture)),
        new("run.checkpoint_minutes", _policy.EveryMinutes.ToString("R", CultureInfo.InvariantCulture)),
        new("run.eval_every", _evalEvery.ToString(CultureInfo.InvariantCulture)),
        new("run.eval_episodes", _o.EvaluationEpisodes.ToString(CultureInfo.InvariantCulture)),
        new("run.final_eval_episodes", _o.FinalEvaluationEpisodes.ToString(CultureInfo.InvariantCulture)),
    ];

    void SaveCheckpoint()
    {
        string path = _dir.File(RunDirectory.CheckpointFileName);
        string writing = _progress!.Path;
        try
        {
            _progressLength = _progress.Flush(toDisk: true);
            if (_monitor != null) { writing = _monitor.Path; _monitorLength = _monitor.Flush(toDisk: true); }
            writing = path;
            long pl = _progressLength, ml = _monitorLength;
            CheckpointFile.Save(path, Kind, CheckpointSettings(), a => { SyncRun(a, ref pl, ref ml); _trainer.Sync(a); });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Failed(writing, e); }
        _checkpointStep = _trainer.Steps;
        _nextCheckpoint = NextCheckpointAfter(_trainer.Steps);
        _sinceCheckpoint.Restart();
    }

    // the final figures and the agent first (small: they fit where the checkpoint may not), then the
    // checkpoint of the finished run, so that a later resume with a larger budget extends it
    void Finish()
    {
        _clock.Stop();
        double wall = _clock.Seconds;
        EvalResult final = FinalEvaluation(_trainer, _o.FinalEvaluationEpisodes);
        string agentPath = _dir.File(_isRein2 ? RunDirectory.BestAgentFileName : RunDirectory.ModelFileName);
        string summaryPath = _dir.File(RunDirectory.SummaryFileName);
        string? writing = null;
        try
        {
            writing = _progress!.Path; _progress.Flush(toDisk: true);
            if (_monitor != null) { writing = _monitor.Path; _monitor.Flush(toDisk: true); }
            writing = agentPath; AgentFile.Save(agentPath, _trainer.Agent);
            writing = summaryPath;
            string json = RunSummary.Of(_trainer, _hosted, new RunSummary.Facts(_command, _resumes, _o.Settings, wall, final,
                double.IsNaN(_solvedAt) ? null : _solvedAt, _otherNumericPath));
            AtomicFile.Write(summaryPath, s => s.Write(System.Text.Encoding.UTF8.GetBytes(json)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Failed(writing!, e); }
        Final = final;
        SaveCheckpoint();
    }

    /// <summary>Wall time of the run so far, across resumes (training only: it stops when the final evaluation starts).</summary>
    public double WallSeconds => _clock.Seconds;

    /// <summary>The final evaluation (set once <see cref="Run"/> has finished): REIN-2's best agent on its FinalEpisodes, else the last agent on FinalEvaluationEpisodes fresh episodes.</summary>
    public EvalResult? Final { get; private set; }

    /// <summary>
    /// The final evaluation a run ends with, for a trainer driven without a TrainingRun (a grid's
    /// job): REIN-2's best agent re-evaluated on its FinalEpisodes, else the trainer's agent on
    /// <paramref name="episodes"/> fresh episodes from a seed no evaluation during training uses.
    /// The same figures as a TrainingRun of the same trainer reports.
    /// </summary>
    public static EvalResult FinalEvaluation(ITrainer trainer, int episodes = 100)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (trainer is Rein2Trainer r2) return r2.FinalEvaluation();
        ThrowHelper.RequirePositive(episodes, nameof(episodes));
        if (trainer is not IHostedTrainer { Env: EnvSpec env } hosted)
            throw new InvalidSettingException($"FinalEvaluation needs one of the library's trainers built for an environment; {trainer.GetType().Name} is not one.");
        return Evaluation.Run(env, trainer.Agent, episodes, hosted.Seed + EvalSeedOffset + 1);
    }

    void FlushLogsQuietly()
    {
        try { _progress?.Flush(toDisk: false); _monitor?.Flush(toDisk: false); }
        catch (IOException) { }
    }

    RunIOException Failed(string what, Exception e)
    {
        FlushLogsQuietly();
        string reason = e.Message.Contains(" : '", StringComparison.Ordinal) ? e.Message[..e.Message.IndexOf(" : '", StringComparison.Ordinal)] : e.Message;
        string kept = _checkpointStep >= 0
            ? $"the checkpoint of step {_checkpointStep} in {_dir.Path} is intact"
            : $"no checkpoint had been written yet in {_dir.Path}";
        // with no checkpoint there is nothing to resume: the hint is to start again
        string hint = _checkpointStep >= 0
            ? _o.ContinueHint is string h ? $"; continue with: {h}" : "; resume the run (TrainingRun.Resume) once there is room"
            : _o.RestartHint is string r ? $"; start it again once there is room: {r}" : "; start the run again (RunDirectory.CreateNew with overwrite) once there is room";
        return new RunIOException($"Could not write {what} ({reason.TrimEnd('.')}); {kept}{hint}.", e);
    }
}

/// <summary>A run could not write one of its files (no space, permission lost, device error); the message names the file and the checkpoint that is intact.</summary>
public sealed class RunIOException(string message, Exception inner) : IOException(message, inner);
