using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Kernels;

/// <summary>Direct access to the memory of a contiguous float32 CPU tensor, for the fused kernels of this folder.</summary>
/// <remarks>TorchSharp 0.107 keeps its data-pointer call internal; <c>THSTensor_data</c> is the native export it wraps
/// (in TorchSharp's own glue library, loaded with TorchSharp). The pointer stays valid while the tensor is alive and
/// not resized, so callers hold the tensor for the whole kernel call.</remarks>
internal static partial class TensorMemory
{
    /// <summary>Whether <paramref name="tensor"/> can be handed to a kernel as is: float32, on the CPU, contiguous.</summary>
    public static bool IsKernelReady(Tensor tensor) =>
        tensor.dtype == ScalarType.Float32 && tensor.device_type == DeviceType.CPU && tensor.is_contiguous();

    /// <summary>Whether a kernel may add its gradient into <paramref name="gradient"/>, a parameter's existing
    /// <c>grad</c>, instead of handing autograd a fresh tensor to add: it exists, is kernel-ready and is not itself
    /// part of a graph.</summary>
    public static bool CanAddInto(Tensor? gradient) => gradient is not null && IsKernelReady(gradient) && !gradient.requires_grad;

    /// <summary>The address of the first element.</summary>
    /// <exception cref="ArgumentException">The tensor is not float32, CPU and contiguous.</exception>
    public static unsafe float* Floats(Tensor tensor)
    {
        if (!IsKernelReady(tensor))
        {
            throw new ArgumentException($"A fused kernel needs a contiguous float32 CPU tensor, got {tensor.dtype} on {tensor.device_type}{(tensor.is_contiguous() ? "" : ", not contiguous")}.", nameof(tensor));
        }
        return tensor.numel() == 0 ? null : (float*)THSTensor_data(tensor.Handle);
    }

    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);
}
