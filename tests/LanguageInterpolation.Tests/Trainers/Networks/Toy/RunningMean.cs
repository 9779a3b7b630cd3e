using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Tests.Trainers.Networks.Toy;

/// <summary><c>h_t = mean_{s &lt;= t} E[id_s]</c>, <c>logits_t = W h_t + b</c>: (B, T) ids -> (B, T, V) logits.</summary>
public sealed class RunningMean : LanguageNetwork
{
    private readonly TorchSharp.Modules.Linear _head;

    public RunningMean(RunningMeanConfig config, Generator? generator) : base("toy_running_mean", config)
    {
        ArgumentNullException.ThrowIfNull(config);
        register_parameter("embedding", new TorchSharp.Modules.Parameter(randn([config.VocabularySize, config.Width], generator: generator) * Held(0.1)));
        _head = LowOrderMlp.CreateLinear(config.Width, config.VocabularySize, generator);
        register_module("head", _head);
    }

    public override NetworkOutput Output => NetworkOutput.EveryPosition;

    public TorchSharp.Modules.Parameter Embedding => get_parameter("embedding")!;

    public TorchSharp.Modules.Linear Head => _head;

    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        long positions = ids.shape[1];
        Tensor embedded = Embedding.index_select(0, ids.flatten()).view(ids.shape[0], positions, -1);  // (B, T, W)
        Tensor counts = Range(1, positions + 1, 1, embedded.dtype, ids.device).view(1, positions, 1);
        Tensor means = embedded.cumsum(1) / counts;                                                  // (B, T, W)
        return _head.call(means).MoveToOuterDisposeScope();                                          // (B, T, V)
    }
}
