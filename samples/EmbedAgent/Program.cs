// Embedding a prepared agent: load any agent file — best.agent from `rein2 train`, model.bin from
// `rein2 baseline` (DQN, PPO or A2C) or one your app saved with AgentFile.Save — then act in a loop.
// Act allocates nothing per call, so this loop is safe in a hot path or a real-time controller, and
// one loaded agent may be shared by any number of threads.
//   dotnet run --project samples/EmbedAgent -- runs/CartPole-v1-ppo-0/best.agent
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

if (args.Length != 1) { Console.Error.WriteLine("usage: EmbedAgent AGENT_FILE"); return 2; }
try
{
    IAgent agent = AgentFile.Load(args[0]);
    var env = EnvRegistry.Make(agent.EnvId);
    var obs = new float[env.ObservationSize];
    var action = new float[env.ActionSpace.FlatSize];
    env.Reset(obs, seed: 42);
    double ret = 0;
    long before = GC.GetAllocatedBytesForCurrentThread();
    while (true)
    {
        agent.Act(obs, action);               // one forward pass, no allocation
        var r = env.ActionSpace is DiscreteSpace
            ? env.Step((int)action[0], obs)   // writes the next observation into obs
            : env.Step(action, obs);
        ret += r.Reward;
        if (r.Done) break;
    }
    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    Console.WriteLine($"{agent.EnvId}: episode return {ret}, {allocated} bytes allocated in the loop");
    return 0;
}
catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
