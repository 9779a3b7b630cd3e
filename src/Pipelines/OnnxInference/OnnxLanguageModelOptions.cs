namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>How an <see cref="OnnxLanguageModel"/> runs.</summary>
public sealed record OnnxLanguageModelOptions
{
    /// <summary>Rows per ONNX Runtime call on the batched path. <value>1024</value></summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Where to run. <value><see cref="OnnxDevice.Auto"/></value></summary>
    public OnnxDevice Device { get; init; } = OnnxDevice.Auto;

    /// <summary>CUDA device when running on the GPU. <value>0</value></summary>
    public int GpuDeviceId { get; init; }

    /// <summary>Threads ONNX Runtime uses inside one call of a block of rows; 0 lets it choose (one per core). <value>0</value></summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads ONNX Runtime uses inside one single-window call (<see cref="OnnxLanguageModel.Score"/>, generation):
    /// one window is too little work to share, and waiting for helper threads costs more than it saves
    /// (on 2 cores, 1 thread scores single windows about twice as fast as 2); callers on many threads
    /// get their parallelism from the calls themselves. 0 lets ONNX Runtime choose. <value>1</value></summary>
    public int SingleRowIntraOpThreads { get; init; } = 1;

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (BatchSize < 1)
        {
            problems.Add($"{nameof(BatchSize)} must be at least 1 (got {BatchSize})");
        }
        if (!Enum.IsDefined(Device))
        {
            problems.Add($"{nameof(Device)} must be one of {string.Join(", ", Enum.GetNames<OnnxDevice>())} (got {(int)Device})");
        }
        if (GpuDeviceId < 0)
        {
            problems.Add($"{nameof(GpuDeviceId)} must not be negative (got {GpuDeviceId})");
        }
        if (IntraOpThreads < 0)
        {
            problems.Add($"{nameof(IntraOpThreads)} must not be negative (got {IntraOpThreads})");
        }
        if (SingleRowIntraOpThreads < 0)
        {
            problems.Add($"{nameof(SingleRowIntraOpThreads)} must not be negative (got {SingleRowIntraOpThreads})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid ONNX language model options: " + string.Join("; ", problems) + ".");
        }
    }
}
