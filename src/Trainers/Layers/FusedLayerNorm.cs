using LanguageInterpolation.Trainers.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary><see cref="LayerNormalization"/> on the CPU in float32 as one autograd function over the loops of
/// <see cref="LayerNormKernels"/>: the same formula as libtorch's <c>layer_norm</c>, differentiable in the input, the
/// gain and the bias.</summary>
internal sealed class FusedLayerNorm : autograd.SingleTensorFunction<FusedLayerNorm>
{
    private const string EpsilonKey = "epsilon";

    public override string Name => nameof(FusedLayerNorm);

    /// <summary>Whether the loops can normalise <paramref name="input"/>: float32 on the CPU, its last dimension the
    /// gain's and bias's length, both contiguous (the input is made contiguous). Anything else goes to libtorch,
    /// which also names a mismatched width.</summary>
    public static bool Covers(Tensor input, Tensor gain, Tensor bias) =>
        input.dtype == ScalarType.Float32 && input.device_type == DeviceType.CPU && input.dim() >= 1
        && TensorMemory.IsKernelReady(gain) && TensorMemory.IsKernelReady(bias)
        && gain.dim() == 1 && bias.dim() == 1 && input.shape[^1] == gain.shape[0] && bias.shape[0] == gain.shape[0];

    /// <summary>Normalises over the last dimension of <paramref name="input"/> (..., width).</summary>
    public static Tensor Normalize(Tensor input, Tensor gain, Tensor bias, double epsilon)
    {
        using var scope = NewDisposeScope();
        long width = input.shape[^1];
        Tensor rows = input.contiguous().view(-1, width);                                           // (R, width)
        bool needsGraph = is_grad_enabled() && (rows.requires_grad || gain.requires_grad || bias.requires_grad);
        Tensor y = needsGraph ? apply(rows, gain, bias, epsilon) : Forward(rows, gain, bias, (float)epsilon).Output;
        return y.view(input.shape).MoveToOuterDisposeScope();
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var rows = (Tensor)vars[0];
        var gain = (Tensor)vars[1];
        var bias = (Tensor)vars[2];
        (Tensor y, Tensor mean, Tensor inverseDeviation) = Forward(rows, gain, bias, (float)(double)vars[3]);
        ctx.save_for_backward([rows, gain, mean, inverseDeviation]);
        return y;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        List<Tensor> saved = ctx.get_saved_variables();
        Tensor rows = saved[0], gain = saved[1], mean = saved[2], inverseDeviation = saved[3];
        using Tensor upstream = grad_output.contiguous();
        Tensor inputGradient = empty_like(rows), gainGradient = empty_like(gain), biasGradient = empty_like(gain);
        unsafe
        {
            LayerNormKernels.Backward(TensorMemory.Floats(rows), TensorMemory.Floats(gain), TensorMemory.Floats(mean),
                TensorMemory.Floats(inverseDeviation), TensorMemory.Floats(upstream), TensorMemory.Floats(inputGradient),
                TensorMemory.Floats(gainGradient), TensorMemory.Floats(biasGradient), checked((int)rows.shape[0]), checked((int)rows.shape[1]));
        }
        // The loops read through raw addresses: the saved tensors must not be finalised before they return.
        GC.KeepAlive(rows);
        GC.KeepAlive(gain);
        GC.KeepAlive(mean);
        GC.KeepAlive(inverseDeviation);
        return [inputGradient, gainGradient, biasGradient, null!]; // one entry per argument, epsilon included
    }

    private static (Tensor Output, Tensor Mean, Tensor InverseDeviation) Forward(Tensor rows, Tensor gain, Tensor bias, float epsilon)
    {
        int count = checked((int)rows.shape[0]), width = checked((int)rows.shape[1]);
        Tensor y = empty_like(rows), mean = empty(count, dtype: ScalarType.Float32), inverseDeviation = empty(count, dtype: ScalarType.Float32);
        unsafe
        {
            LayerNormKernels.Forward(TensorMemory.Floats(rows), TensorMemory.Floats(gain), TensorMemory.Floats(bias),
                TensorMemory.Floats(y), TensorMemory.Floats(mean), TensorMemory.Floats(inverseDeviation), count, width, epsilon);
        }
        GC.KeepAlive(rows); // read through raw addresses: not to be finalised before the loops return
        GC.KeepAlive(gain);
        GC.KeepAlive(bias);
        return (y, mean, inverseDeviation);
    }
}
