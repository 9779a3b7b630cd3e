using System.Text.Json.Serialization;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The multi-resolution tail-focus network (the original's <c>high_order_tail_focus</c>, <c>tail_focus.yaml</c>):
/// the convolution stack of <see cref="ConvolutionalNetworkConfig"/>; from level i (level 0 is the encoded window,
/// level i + 1 the normalised output of convolution i) the last <c>Focus[i]</c> positions, and the whole last level,
/// are flattened, concatenated and fed to a Linear layer to V logits: fine detail near the predicted character,
/// coarser summaries further back. Fixes (seed-study §6.7): a focus of 0 takes nothing (the original's slice
/// <c>-0:</c> took the whole level), every level can be focused (the original took tails only after normalisation
/// layers), the widths are computed from the real level lengths, and the normalisation runs over channels, not
/// along the length.
/// </summary>
public sealed record TailFocusConfig : ConvolutionalNetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "tail_focus";

    /// <summary>The default architecture, for 16-character windows: convolutions of kernel 4 stride 2 and kernel 3
    /// stride 1 (32 channels each; levels of length 16, 7, 5), the last 8 characters, the last 4 positions of the
    /// first level and the whole second level.</summary>
    public TailFocusConfig()
    {
        Channels = [32, 32];
        KernelSizes = [4, 3];
        Strides = [2, 1];
        Segments = [128, 2];
        Focus = [8, 4];
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <summary>Positions kept from the end of each level but the last (one entry per convolution: level 0 is the
    /// window); 0 keeps nothing. The last level is kept whole.</summary>
    public int[] Focus { get; init; }

    /// <summary>Channels of each level: 1 for the window, then each convolution's.</summary>
    public int[] LevelChannels() => [1, .. Channels];

    /// <summary>Width of the concatenated tails, <c>sum_i C_i · Focus[i] + C_last · L_last</c>.</summary>
    public int FeatureWidth
    {
        get
        {
            int[] channels = LevelChannels();
            return Focus.Select((focus, level) => channels[level] * focus).Sum() + Channels[^1] * LevelLengths()[^1];
        }
    }

    /// <inheritdoc />
    public override long ParameterCount() => StackParameterCount() + (FeatureWidth + 1L) * VocabularySize;

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (!AddConvolutionProblems(problems))
        {
            return;
        }
        if (Focus.Length != Channels.Length)
        {
            problems.Add($"{nameof(Focus)} must have one entry per convolution ({Channels.Length}: level 0 is the window, the last level is kept whole), got {Focus.Length}");
            return;
        }
        int[] lengths = LevelLengths();
        for (int level = 0; level < Focus.Length; level++)
        {
            Require(problems, Focus[level] >= 0 && (WindowSize < MinimumWindowSize || Focus[level] <= lengths[level]),
                $"{nameof(Focus)}[{level}] must be between 0 and the length of level {level} ({lengths[level]} for a window of {WindowSize}), got {Focus[level]}");
        }
    }

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new TailFocus(this, generator);

    /// <inheritdoc />
    public bool Equals(TailFocusConfig? other) => base.Equals(other) && Focus.SequenceEqual(other!.Focus);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Focus.Length);
}
