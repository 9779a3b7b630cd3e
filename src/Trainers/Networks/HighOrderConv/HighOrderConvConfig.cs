using System.Text.Json.Serialization;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The high-order fully convolutional network (the original's <c>high_order_conv</c>, <c>conv.yaml</c>): the
/// convolution stack of <see cref="ConvolutionalNetworkConfig"/>, then the last level flattened (channel-major) into a
/// Linear layer to V logits. Fixes: the shipped configuration runs (the original's <c>normalize: true</c> was
/// rejected, seed-study §2.3), the output layer is built with its known width instead of lazily, and the
/// normalisation is over channels instead of a batch norm (the same function in training and scoring).
/// </summary>
public sealed record HighOrderConvConfig : ConvolutionalNetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "conv";

    /// <summary>The default architecture, for 16-character windows: two convolutions (kernel 4, stride 2), 32 and 64
    /// channels, a 128-segment first layer (a lookup table per character) and 2-segment second layer.</summary>
    public HighOrderConvConfig()
    {
        Channels = [32, 64];
        KernelSizes = [4, 4];
        Strides = [2, 2];
        Segments = [128, 2];
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Width of the flattened last level, <c>C_last · L_last</c>.</summary>
    public int FlattenedWidth => Channels[^1] * LevelLengths()[^1];

    /// <inheritdoc />
    public override long ParameterCount() => StackParameterCount() + (FlattenedWidth + 1L) * VocabularySize;

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems) => AddConvolutionProblems(problems);

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderConv(this, generator);
}
