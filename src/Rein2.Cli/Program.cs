// rein2 — the command-line face of Rein2.Pure. Maps library exceptions to exit codes:
// 0 success, 1 runtime failure, 2 usage or input error, 130 interrupted (checkpoint written).
// Never prints a stack trace. Ctrl-C (SIGINT) and SIGTERM do not kill a training run: they ask it
// to write a checkpoint at the next step and exit; a second Ctrl-C, or a signal to any other
// command, terminates at once. A repeated SIGTERM does not: batch engines send it to every process
// of a job and a job script may forward it again (deploy/slurm), and the checkpoint under way must
// finish — their escalation is SIGKILL, after a grace period. `reproduce` keeps its finished jobs
// and checkpoints the running ones.
using System.Runtime.InteropServices;
using Rein2.Cli;

using var interrupt = new CancellationTokenSource();
void OnSignal(PosixSignalContext ctx)
{
    // commands without checkpoints (eval, render, rollout, …) stop at once, as does a second Ctrl-C
    if (!RunHost.Listening || (interrupt.IsCancellationRequested && ctx.Signal == PosixSignal.SIGINT)) return;
    ctx.Cancel = true;
    interrupt.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return CommandLine.Run(args, Console.In, new StandardOutput(Console.Out), Console.Error, interrupt.Token);
