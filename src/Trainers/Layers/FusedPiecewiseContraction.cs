using LanguageInterpolation.Trainers.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The sum-combined <see cref="HighOrderLayer"/> on the CPU in float32 as one autograd function over the fused
/// loops of <see cref="PiecewiseKernels"/> (the <see cref="PiecewiseAlgorithm.Fused"/> formulation).</summary>
/// <remarks>Forward: <c>y = sum_i sum_j l_j(t_bi) W[i, first_bi + j]</c> from the range-mapped inputs and the weight,
/// no intermediate tensors. Backward: the weight gradient (dense, zero outside the active rows, so every optimiser
/// takes it; added straight into the weight's existing gradient when it has one, as Megatron-LM's gradient-accumulation
/// fusion does, so <c>autograd.grad</c> over the weight of a layer whose <c>grad</c> is set is not supported) and, only
/// when the input needs one, <c>dx = S · sum_j l_j'(t) (W[i, first + j] · dy)</c>; the segment
/// index carries no gradient, as in the tensor formulation.</remarks>
internal sealed class FusedPiecewiseContraction : autograd.SingleTensorFunction<FusedPiecewiseContraction>
{
    private const string LinksKey = "links";
    private const string InputNeedsGradient = "inputNeedsGradient";

    public override string Name => nameof(FusedPiecewiseContraction);

    /// <summary>Whether the fused loops can evaluate a layer on these tensors: float32 on the CPU, the weight
    /// contiguous (the input is made contiguous).</summary>
    public static bool Covers(Tensor input, Tensor weight) =>
        input.dtype == ScalarType.Float32 && input.device_type == DeviceType.CPU && TensorMemory.IsKernelReady(weight);

    /// <summary>Evaluates the layer; differentiable in <paramref name="input"/> and <paramref name="weight"/>.</summary>
    /// <param name="links">The layer's link geometry.</param>
    /// <param name="input">(B, in), range-mapped.</param>
    /// <param name="weight">(in, K, out).</param>
    /// <returns>(B, out).</returns>
    public static Tensor Contract(PiecewiseLinks links, Tensor input, Tensor weight)
    {
        Tensor x = input.contiguous();
        bool needsGraph = is_grad_enabled() && (x.requires_grad || weight.requires_grad);
        return needsGraph ? apply(x, weight, links) : Evaluate(links, x, weight);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var weight = (Tensor)vars[1];
        var links = (PiecewiseLinks)vars[2];
        ctx.save_for_backward([x, weight]);
        ctx.save_data(LinksKey, links);
        ctx.save_data(InputNeedsGradient, x.requires_grad);
        return Evaluate(links, x, weight);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        List<Tensor> saved = ctx.get_saved_variables();
        Tensor x = saved[0], weight = saved[1];
        var links = (PiecewiseLinks)ctx.get_data(LinksKey);
        using Tensor upstream = grad_output.contiguous();
        // Where the weight already holds a gradient (every training step after the first: ZeroGrad zeroes it in
        // place), the loop adds into it and hands autograd nothing to accumulate: no fresh zeroed (in, K, out) tensor
        // and no second pass adding it in (large_standard's input layer backward: 1.6 -> 0.8 ms).
        Tensor? accumulated = weight.grad;
        bool intoGrad = TensorMemory.CanAddInto(accumulated);
        Tensor weightGradient = intoGrad ? accumulated! : zeros_like(weight);
        Tensor? inputGradient = (bool)ctx.get_data(InputNeedsGradient) ? empty_like(x) : null;
        int batch = checked((int)x.shape[0]);
        unsafe
        {
            float* xs = TensorMemory.Floats(x), dys = TensorMemory.Floats(upstream);
            PiecewiseKernels.WeightGradient(links, xs, dys, TensorMemory.Floats(weightGradient), batch);
            if (inputGradient is not null)
            {
                PiecewiseKernels.InputGradient(links, xs, TensorMemory.Floats(weight), dys, TensorMemory.Floats(inputGradient), batch);
            }
        }
        // The kernels read through raw addresses: the tensors must not be finalised before they return.
        GC.KeepAlive(x);
        GC.KeepAlive(weight);
        GC.KeepAlive(weightGradient);
        return [inputGradient!, intoGrad ? null! : weightGradient, null!]; // one entry per argument, the links included
    }

    private static Tensor Evaluate(PiecewiseLinks links, Tensor x, Tensor weight)
    {
        int batch = checked((int)x.shape[0]);
        Tensor y = empty([x.shape[0], links.Outputs], dtype: ScalarType.Float32);
        unsafe
        {
            PiecewiseKernels.Forward(links, TensorMemory.Floats(x), TensorMemory.Floats(weight), TensorMemory.Floats(y), batch);
        }
        GC.KeepAlive(x); // read through raw addresses: not to be finalised before the loops return
        GC.KeepAlive(weight);
        return y;
    }
}
