// Embedding a prepared agent: load best.agent (written by `rein2 train`), then act in a loop.
// Act allocates nothing per call, so this loop is safe in a hot path or a real-time controller.
//   dotnet run --project samples/EmbedAgent -- runs/CartPole-v1-ppo-0/best.agent
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

if (args.Length != 1) { Console.Error.WriteLine("usage: EmbedAgent AGENT_FILE"); return 2; }
try
{
    var (envId, agent) = AgentFile.Load(args[0]);
    var env = EnvRegistry.Make(envId);
    var obs = new float[env.ObservationSize];
    env.Reset(obs, seed: 42);
    double ret = 0;
    long before = GC.GetAllocatedBytesForCurrentThread();
    while (true)
    {
        int action = agent.Act(obs);          // one greedy forward pass, no allocation
        var r = env.Step(action, obs);        // writes the next observation into obs
        ret += r.Reward;
        if (r.Done) break;
    }
    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    Console.WriteLine($"{envId}: episode return {ret}, {allocated} bytes allocated in the loop");
    return 0;
}
catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
