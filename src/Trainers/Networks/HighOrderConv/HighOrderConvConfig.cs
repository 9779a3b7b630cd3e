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

    /// <summary>The default architecture, for 16-character windows: convolutions of kernel 4 and 3, stride 2, with 32 and
    /// 64 channels (levels of length 16, 7, 3, every position read), a 128-segment first layer (a lookup table per
    /// character) and a 2-segment second layer.</summary>
    public HighOrderConvConfig()
    {
        Channels = [32, 64];
        KernelSizes = [4, 3];
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
    protected override void AddProblems(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (!AddConvolutionProblems(problems) || WindowSize < MinimumWindowSize)
        {
            return;
        }
        // Only the last level reaches the output: positions that no window of the next convolution reads are lost,
        // and for a next-character model those are the most recent characters.
        int[] lengths = LevelLengths();
        IReadOnlyList<Layers.HighOrderConvolution1dConfig> layers = ConvolutionLayers();
        for (int layer = 0; layer < layers.Count; layer++)
        {
            int read = (lengths[layer + 1] - 1) * layers[layer].Stride + layers[layer].KernelSize - Padding;
            Require(problems, read >= lengths[layer],
                $"convolution {layer} never reads the last {lengths[layer] - read} of the {lengths[layer]} positions of its input (window {WindowSize}): choose a window, kernels and strides whose windows reach the end");
        }
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new HighOrderConv(this, generator);
}
