// Any agent to a file and back, whatever produced it: a REIN-2 agent (best.agent), a DQN Q-network
// model or a PPO/A2C actor-critic model (model.bin). Load reads the kind from the file's header and
// returns an IAgent that acts allocation-free.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;

namespace Rein2.Pure.Io;

/// <summary>Save and load agents of every kind.</summary>
public static class AgentFiles
{
    /// <summary>
    /// Writes <paramref name="agent"/> atomically: a <see cref="QAgent"/> as an agent file (the kind
    /// `rein2 train` writes), an <see cref="ActorCriticModel"/> as an actor-critic model.
    /// </summary>
    public static void Save(string path, IAgent agent)
    {
        switch (agent)
        {
            case QAgent q: AgentFile.Save(path, q.EnvId, q.Q); break;
            case ActorCriticModel m: ModelFiles.SaveActorCritic(path, m); break;
            default: throw new InvalidSettingException($"Cannot save an agent of type {agent.GetType().Name}; AgentFiles saves QAgent and ActorCriticModel.");
        }
    }

    /// <summary>
    /// Loads an agent file, a Q-network model or an actor-critic model. The file's environment must be
    /// registered, or given as <paramref name="env"/> (the user's own environment). A missing,
    /// truncated, corrupted or wrong-kind file is an InvalidDataException or FileNotFoundException naming it.
    /// </summary>
    public static IAgent Load(string path, EnvSpec? env = null) => ModelFiles.KindOf(path) switch
    {
        ContainerKind.Agent => Q(AgentFile.Load(path, env)),
        ContainerKind.QNetworkModel => Q(ModelFiles.LoadQNetwork(path, env)),
        ContainerKind.ActorCriticModel => ModelFiles.LoadActorCritic(path, env),
        var k => throw new InvalidDataException($"{path} is a {Container.Describe(k)}, not an agent or a model."),
    };

    static QAgent Q((string EnvId, QNetwork Q) loaded) => new(loaded.EnvId, loaded.Q);
}
