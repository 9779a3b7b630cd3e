using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Vocabulary;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// What a network trainer learned, as ML.NET's model-parameters object of a <see cref="NetworkModel"/>
/// (its <c>Model</c>): the architecture, the parameter count, the weights by name, the vocabulary and the
/// training history.
/// </summary>
public sealed class NetworkModelParameters
{
    private readonly LanguageNetwork _network;

    internal NetworkModelParameters(LanguageNetwork network, CharacterVocabulary? vocabulary, TrainingHistory history)
    {
        _network = network;
        Vocabulary = vocabulary;
        History = history;
    }

    /// <summary>The trained network (on the CPU, in evaluation mode).</summary>
    public LanguageNetwork Network => _network;

    /// <summary>The network's architecture, with the window and vocabulary sizes it was trained for.</summary>
    public NetworkConfig Config => _network.Config;

    /// <summary>Learnable parameters.</summary>
    public long ParameterCount => _network.ParameterCount;

    /// <summary>The vocabulary, when the training labels named their characters (the character-window loader does).</summary>
    public CharacterVocabulary? Vocabulary { get; }

    /// <summary>What happened in every epoch.</summary>
    public TrainingHistory History { get; }

    /// <summary>A copy of every learnable weight tensor, by its name in the network's state dictionary.</summary>
    public IReadOnlyList<NetworkWeight> GetWeights()
    {
        var weights = new List<NetworkWeight>();
        foreach (var (name, value) in _network.state_dict())
        {
            using var scope = NewDisposeScope();
            float[] values = value.detach().to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();
            weights.Add(new NetworkWeight(name, [.. value.shape], values));
        }
        return weights;
    }
}
