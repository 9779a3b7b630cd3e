namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>Where an <see cref="OnnxLanguageModel"/> runs.</summary>
public enum OnnxDevice
{
    /// <summary>The GPU when ONNX Runtime offers CUDA (the GPU package, <c>-p:UseGpu=true</c>, and a working CUDA),
    /// else the CPU, without an exception.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The GPU through CUDA; loading fails when CUDA is not available.</summary>
    Cuda,
}
