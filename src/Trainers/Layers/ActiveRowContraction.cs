using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The <see cref="PiecewiseAlgorithm.GatherActive"/> contraction <c>y[b] = sum_r basis[b, r] · W[rows[b, r]]</c>
/// as a custom autograd function: an <c>embedding_bag</c> (mode sum, per-sample weights) that TorchSharp 0.107 does
/// not expose functionally.</summary>
/// <remarks>
/// <para>Forward: the (B, M) matrix with value <c>basis[b, r]</c> at column <c>rows[b, r]</c> (n non-zeros per input)
/// is built as a sparse COO tensor and multiplied with the dense (M, out) weight: cost ∝ B·R·out, independent of the
/// number of weights M = in·K.</para>
/// <para>Backward: <c>dW = Aᵀ · dy</c> with the transposed sparse matrix (non-zero only on the active rows; returned
/// dense so every optimiser accepts it), and, only when the basis needs a gradient (the input needs one),
/// <c>dbasis[b, r] = W[rows[b, r]] · dy[b]</c> read off the dense product <c>dy · Wᵀ</c> (one GEMM of cost
/// ∝ B·M·out, like the input-gradient pass of <see cref="PiecewiseAlgorithm.ExpandedMatmul"/>; gathering the (B, R, out)
/// active rows instead was several times slower on CPU for in = 250). TorchSharp's sparse constructor does not propagate a gradient to its
/// values, and TorchSharp 0.107 has no functional <c>embedding_bag</c>, hence the custom function.</para>
/// </remarks>
internal sealed class ActiveRowContraction : autograd.SingleTensorFunction<ActiveRowContraction>
{
    private const string BasisNeedsGradient = "basisNeedsGradient";

    public override string Name => nameof(ActiveRowContraction);

    /// <summary>Contracts; differentiable in <paramref name="basis"/> and <paramref name="weight"/>.</summary>
    /// <param name="rows">(B, R) int64 row indices into <paramref name="weight"/>.</param>
    /// <param name="basis">(B, R) values.</param>
    /// <param name="weight">(M, out) weight.</param>
    /// <returns>(B, out).</returns>
    public static Tensor Contract(Tensor rows, Tensor basis, Tensor weight)
    {
        bool needsGraph = is_grad_enabled() && (basis.requires_grad || weight.requires_grad);
        return needsGraph ? apply(rows, basis, weight) : Multiply(rows, basis, weight);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var rows = (Tensor)vars[0];
        var basis = (Tensor)vars[1];
        var weight = (Tensor)vars[2];
        ctx.save_for_backward([rows, basis, weight]);
        ctx.save_data(BasisNeedsGradient, basis.requires_grad);
        return Multiply(rows, basis, weight);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        using var scope = NewDisposeScope();
        List<Tensor> saved = ctx.get_saved_variables();
        Tensor rows = saved[0], basis = saved[1], weight = saved[2];
        long batch = rows.shape[0], active = rows.shape[1];
        Tensor sampleIndex = Range(batch, rows.device)
            .unsqueeze(1).expand(batch, active).reshape(-1);                                            // (B·R)
        Tensor transposed = sparse_coo_tensor(stack([rows.reshape(-1), sampleIndex]), basis.reshape(-1).detach(),
            [weight.shape[0], batch], dtype: basis.dtype, device: basis.device);                       // (M, B) sparse
        Tensor weightGradient = mm(transposed, grad_output);                                            // (M, out)
        Tensor? basisGradient = null;
        if ((bool)ctx.get_data(BasisNeedsGradient))
        {
            // dbasis[b, r] = W[rows[b, r]] · dy[b], read off the dense (B, M) product dy · Wᵀ: one GEMM, faster on
            // CPU than materialising the (B, R, out) gathered rows.
            basisGradient = grad_output.mm(weight.t()).gather(1, rows);                                // (B, R)
            basisGradient.MoveToOuterDisposeScope();
        }
        weightGradient.MoveToOuterDisposeScope();
        return [null!, basisGradient!, weightGradient];
    }

    /// <summary>The plain (no autograd) product: sparse (B, M) with n non-zeros per input times dense (M, out).</summary>
    private static Tensor Multiply(Tensor rows, Tensor basis, Tensor weight)
    {
        using var scope = NewDisposeScope();
        long batch = rows.shape[0], active = rows.shape[1];
        Tensor sampleIndex = Range(batch, rows.device)
            .unsqueeze(1).expand(batch, active).reshape(-1);                                            // (B·R)
        Tensor expanded = sparse_coo_tensor(stack([sampleIndex, rows.reshape(-1)]), basis.reshape(-1).detach(),
            [batch, weight.shape[0]], dtype: basis.dtype, device: basis.device);                       // (B, M) sparse
        Tensor y = mm(expanded, weight.detach());                                                       // (B, out)
        return y.MoveToOuterDisposeScope();
    }
}
