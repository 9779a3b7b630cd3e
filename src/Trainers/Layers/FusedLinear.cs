using LanguageInterpolation.Trainers.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>A dense layer <c>y = x·Wᵀ + b</c> on the CPU in float32 as one autograd function over
/// <see cref="MatrixKernels"/>: the same parameters and formula as <c>nn.Linear</c>, whose ONNX export is unchanged.</summary>
/// <remarks>Backward: <c>dx = dy·W</c> (when the input needs it), <c>dW = dyᵀ·x</c> and <c>db = Σ_rows dy</c>, added
/// straight into the parameters' existing gradients when they have them (as <see cref="FusedPiecewiseContraction"/>
/// does), so <c>autograd.grad</c> over such a parameter while its <c>grad</c> is set is not supported.</remarks>
internal sealed class FusedLinear : autograd.SingleTensorFunction<FusedLinear>
{
    private const string InputNeedsGradient = "inputNeedsGradient";

    public override string Name => nameof(FusedLinear);

    /// <summary>Whether the kernels can evaluate the layer: 512-bit vectors, float32 on the CPU, a (B, in) input and the
    /// weight (out, in) and bias (out) contiguous. Anything else goes to libtorch.</summary>
    public static bool Covers(Tensor input, Tensor weight, Tensor? bias) =>
        MatrixKernels.IsAvailable && input.dtype == ScalarType.Float32 && input.device_type == DeviceType.CPU && input.dim() == 2
        && TensorMemory.IsKernelReady(weight) && weight.dim() == 2 && input.shape[1] == weight.shape[1]
        && bias is not null && TensorMemory.IsKernelReady(bias) && bias.dim() == 1 && bias.shape[0] == weight.shape[0];

    /// <summary>x (B, in) -> x·Wᵀ + b (B, out); differentiable in all three.</summary>
    public static Tensor Apply(Tensor input, Tensor weight, Tensor bias)
    {
        Tensor x = input.contiguous();
        bool needsGraph = is_grad_enabled() && (x.requires_grad || weight.requires_grad || bias.requires_grad);
        return needsGraph ? apply(x, weight, bias) : Evaluate(x, weight, bias);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var weight = (Tensor)vars[1];
        var bias = (Tensor)vars[2];
        ctx.save_for_backward([x, weight, bias]);
        ctx.save_data(InputNeedsGradient, x.requires_grad);
        return Evaluate(x, weight, bias);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        List<Tensor> saved = ctx.get_saved_variables();
        Tensor x = saved[0], weight = saved[1], bias = saved[2];
        using Tensor upstream = grad_output.contiguous();                                     // (B, out)
        int batch = checked((int)x.shape[0]), inputs = checked((int)x.shape[1]), outputs = checked((int)weight.shape[0]);
        Tensor? weightGrad = weight.grad, biasGrad = bias.grad;
        bool weightInto = TensorMemory.CanAddInto(weightGrad), biasInto = TensorMemory.CanAddInto(biasGrad);
        Tensor weightGradient = weightInto ? weightGrad! : empty_like(weight);
        Tensor biasGradient = biasInto ? biasGrad! : empty(outputs, dtype: ScalarType.Float32);
        Tensor? inputGradient = (bool)ctx.get_data(InputNeedsGradient) ? empty_like(x) : null;
        unsafe
        {
            float* dy = TensorMemory.Floats(upstream), xs = TensorMemory.Floats(x), w = TensorMemory.Floats(weight);
            // dW (out × in) = dyᵀ (out × B) · x (B × in)
            MatrixKernels.Multiply(outputs, inputs, batch, new StridedMatrix((nint)dy, 1, outputs), new StridedMatrix((nint)xs, inputs, 1),
                TensorMemory.Floats(weightGradient), inputs, accumulate: weightInto);
            MatrixKernels.SumRows(dy, batch, outputs, TensorMemory.Floats(biasGradient), accumulate: biasInto);   // db = Σ_rows dy
            if (inputGradient is not null)
            {
                // dx (B × in) = dy (B × out) · W (out × in)
                MatrixKernels.Multiply(batch, inputs, outputs, new StridedMatrix((nint)dy, outputs, 1), new StridedMatrix((nint)w, inputs, 1),
                    TensorMemory.Floats(inputGradient), inputs, accumulate: false);
            }
        }
        // The kernels read through raw addresses: the tensors must not be finalised before they return.
        GC.KeepAlive(x);
        GC.KeepAlive(weight);
        GC.KeepAlive(weightGradient);
        GC.KeepAlive(biasGradient);
        return [inputGradient!, weightInto ? null! : weightGradient, biasInto ? null! : biasGradient];
    }

    private static Tensor Evaluate(Tensor x, Tensor weight, Tensor bias)
    {
        int batch = checked((int)x.shape[0]), inputs = checked((int)x.shape[1]), outputs = checked((int)weight.shape[0]);
        Tensor y = bias.unsqueeze(0).expand(batch, outputs).contiguous();                      // (B, out): b in every row
        unsafe
        {
            // y (B × out) += x (B × in) · Wᵀ (in × out)
            MatrixKernels.Multiply(batch, outputs, inputs, new StridedMatrix((nint)TensorMemory.Floats(x), inputs, 1),
                new StridedMatrix((nint)TensorMemory.Floats(weight), 1, inputs), TensorMemory.Floats(y), outputs, accumulate: true);
        }
        GC.KeepAlive(x); // read through raw addresses: not to be finalised before the product returns
        GC.KeepAlive(weight);
        return y;
    }
}
