namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// What every Mamba network shares: a tied embedding table (V, <see cref="Width"/>) that is also the head,
/// <see cref="Blocks"/> residual <see cref="MambaBlock"/>s of inner width <see cref="Expand"/> × width with a causal
/// depthwise convolution of kernel <see cref="ConvolutionKernel"/> and a selective state of
/// <see cref="StateSize"/> per channel, a final RMS norm. The derived records choose the projections' layer kind.
/// The logits are at every position (B, T, V); position t sees characters 0..t only.
/// </summary>
public abstract record MambaNetworkConfig : NetworkConfig
{
    /// <summary>Model width (d_model). <value>64</value></summary>
    public int Width { get; init; } = MambaDefaults.Width;

    /// <summary>Residual blocks (n_layer). <value>5</value></summary>
    public int Blocks { get; init; } = MambaDefaults.Blocks;

    /// <summary>State size per channel (d_state). <value>32</value></summary>
    public int StateSize { get; init; } = MambaDefaults.StateSize;

    /// <summary>Inner width as a multiple of <see cref="Width"/> (expand). <value>2</value></summary>
    public int Expand { get; init; } = MambaDefaults.Expand;

    /// <summary>Kernel of the causal depthwise convolution (d_conv). <value>4</value></summary>
    public int ConvolutionKernel { get; init; } = MambaDefaults.ConvolutionKernel;

    /// <summary>Rank of the step-size projection (dt_rank); 0 picks ⌈<see cref="Width"/> / 16⌉. <value>0</value></summary>
    public int DeltaRank { get; init; } = MambaDefaults.DeltaRank;

    /// <summary>Inner width D = <see cref="Expand"/> × <see cref="Width"/>.</summary>
    public int InnerWidth => Expand * Width;

    /// <summary>The step-size rank actually used.</summary>
    public int ResolvedDeltaRank => DeltaRank > 0 ? DeltaRank : (Width + 15) / 16;

    /// <summary>Parameters shared by both kinds: the tied table, the final norm and per block its norm, convolution,
    /// A_log and skip. The variants add their four projections.</summary>
    protected long SharedParameterCount() =>
        (long)VocabularySize * Width + Width
        + Blocks * ((long)Width + (long)InnerWidth * (ConvolutionKernel + 1) + (long)InnerWidth * StateSize + InnerWidth);

    /// <inheritdoc />
    protected override void AddProblems(List<string> problems)
    {
        Require(problems, Width >= 1, $"{nameof(Width)} must be at least 1 (got {Width})");
        Require(problems, Blocks >= 1, $"{nameof(Blocks)} must be at least 1 (got {Blocks})");
        Require(problems, StateSize >= 1, $"{nameof(StateSize)} must be at least 1 (got {StateSize})");
        Require(problems, Expand >= 1, $"{nameof(Expand)} must be at least 1 (got {Expand})");
        Require(problems, ConvolutionKernel >= 1, $"{nameof(ConvolutionKernel)} must be at least 1 (got {ConvolutionKernel})");
        Require(problems, DeltaRank >= 0, $"{nameof(DeltaRank)} must be 0 (automatic) or more (got {DeltaRank})");
        AddVariantProblems(problems);
    }

    /// <summary>Adds the problems of the variant's own fields (none by default).</summary>
    protected virtual void AddVariantProblems(List<string> problems)
    {
    }
}
