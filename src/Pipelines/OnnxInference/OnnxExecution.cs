using Microsoft.ML.OnnxRuntime;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// Creates ONNX Runtime sessions on the device asked for. CUDA is asked for only where ONNX Runtime
/// lists its provider (the GPU package): with the CPU package, asking for it (or passing a device id to
/// ML.NET's <c>ApplyOnnxModel</c>) fails, so the CPU package never tries and logs nothing. With the GPU
/// package on a machine whose CUDA libraries do not load, <see cref="OnnxDevice.Auto"/> falls back to the
/// CPU and records why.
/// </summary>
internal static class OnnxExecution
{
    public const string CpuProvider = "CPUExecutionProvider";

    public const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>Whether this ONNX Runtime build offers CUDA (it does not prove that CUDA loads).</summary>
    public static bool CudaListed() => OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider, StringComparer.Ordinal);

    /// <summary>Creates the session; <paramref name="provider"/> says which provider runs it, <paramref name="fallbackReason"/> why CUDA was not used when it was asked for.</summary>
    public static InferenceSession CreateSession(byte[] model, OnnxLanguageModelOptions options, out string provider, out string? fallbackReason)
    {
        fallbackReason = null;
        if (options.Device != OnnxDevice.Cpu)
        {
            if (CudaListed())
            {
                try
                {
                    using SessionOptions cuda = BaseOptions(options.IntraOpThreads);
                    cuda.AppendExecutionProvider_CUDA(options.GpuDeviceId);
                    provider = CudaProvider;
                    return new InferenceSession(model, cuda);
                }
                catch (OnnxRuntimeException error) when (options.Device == OnnxDevice.Auto)
                {
                    fallbackReason = $"CUDA did not start: {error.Message}";
                }
            }
            else if (options.Device == OnnxDevice.Cuda)
            {
                throw new InvalidOperationException(
                    "CUDA was asked for but this ONNX Runtime build has no CUDA provider; build with -p:UseGpu=true (the Microsoft.ML.OnnxRuntime.Gpu.Linux package).");
            }
            else
            {
                fallbackReason = "this ONNX Runtime build has no CUDA provider (CPU package)";
            }
        }
        using SessionOptions cpu = BaseOptions(options.IntraOpThreads);
        provider = CpuProvider;
        return new InferenceSession(model, cpu);
    }

    private static SessionOptions BaseOptions(int intraOpThreads) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        IntraOpNumThreads = intraOpThreads,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };
}
