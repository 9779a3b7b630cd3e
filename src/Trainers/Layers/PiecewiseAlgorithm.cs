namespace LanguageInterpolation.Trainers.Layers;

/// <summary>How a <see cref="HighOrderLayer"/> contracts the basis values with its weights. Both formulations give
/// the same outputs and gradients (to float rounding); they differ only in speed and memory.</summary>
/// <remarks>See <c>bench/results/layer-formulations.md</c> for the measurements behind <see cref="Auto"/>.</remarks>
public enum PiecewiseAlgorithm
{
    /// <summary>On the CPU in float32, <see cref="Fused"/> where it applies and the shape rule below picks
    /// <see cref="GatherActive"/> or the layer is small (<see cref="HighOrderLayerConfig.PrefersFused"/>). Otherwise pick per layer shape: <see cref="GatherActive"/> when a link has at least
    /// <see cref="HighOrderLayerConfig.GatherActiveMinimumRatio"/> (16) times more weights than active basis values,
    /// <c>K &gt;= 16 n</c> (continuous n = 2 from 31 segments, discontinuous n = 2 from 16; e.g. the 128-segment input
    /// layers), otherwise <see cref="ExpandedMatmul"/>. Polynomial and Fourier links (every weight active) always use
    /// <see cref="ExpandedMatmul"/>.</summary>
    /// <remarks>Why K/n: a dense pass costs ∝ B·in·K·out at GEMM speed, a sparse pass ∝ B·in·n·out at roughly 1/16 of
    /// that speed per multiply-add on CPU. ExpandedMatmul makes 3 dense passes (output, weight gradient, input gradient),
    /// GatherActive 2 sparse ones plus the same dense input-gradient pass, so with or without an input gradient it wins
    /// once K/n exceeds that speed ratio. On a GPU, Auto always expands: the dense GEMM costs little there and the
    /// sparse product does not pay (large_single_layer trained at 180 k samples/s on an H100 at batch 1000 with it,
    /// 350-380 k expanded; bench/results/gpu-h100).</remarks>
    Auto,

    /// <summary>Scatter the <c>n</c> basis values of each input into a zero (B, in·K) matrix and do one dense matmul
    /// with the weight viewed as (in·K, out). Cost ∝ B·in·K·out, at dense-GEMM speed: best when <c>K</c> is small.</summary>
    ExpandedMatmul,

    /// <summary>Contract only the active rows <c>r = i·K + first + j</c> of the (in·K, out) weight, weighted by the basis
    /// values (an <c>embedding_bag</c>-style sum, done as a sparse (B, in·K) × dense product). Cost ∝ B·in·n·out,
    /// independent of <c>K</c>: best for many segments.</summary>
    GatherActive,

    /// <summary>On the CPU in float32: one fused loop per pass (<see cref="Kernels.PiecewiseKernels"/>) that locates each
    /// input's segment, evaluates its n basis values and adds the n active weight rows, cost ∝ B·in·n·out like
    /// <see cref="GatherActive"/> but without the ~30 libtorch calls per layer of the tensor formulations. Covers
    /// Lagrange (continuous, discontinuous, polynomial) links combined by sum with at most 16 nodes; elsewhere (GPU,
    /// float64, Fourier or product links, convolution masks) the layer uses the tensor formulation that
    /// <see cref="Auto"/> would pick there.</summary>
    Fused,
}
