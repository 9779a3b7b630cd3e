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

    /// <summary>
    /// Threads ONNX Runtime uses inside one call; 0 lets it choose (one per core). One window, or one chunk of
    /// a block, is too little work to share: waiting for helper threads costs more than it saves, and on a
    /// busy machine the slowest thread holds every operator back (on 2 shared cores, 1 thread scores single
    /// windows about twice as fast as 2, and blocks of 1024 about 1.7 times as fast). Parallelism comes from
    /// <see cref="Parallelism"/> and from callers on several threads instead. <value>1</value>
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>On the CPU, how many chunks of one block <see cref="OnnxLanguageModel.ScoreBatch"/> scores at once
    /// (each chunk one session call, at least 64 rows); 0 means one per core. On the GPU a block is one call.
    /// <value>0</value></summary>
    public int Parallelism { get; init; }

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
        if (Parallelism < 0)
        {
            problems.Add($"{nameof(Parallelism)} must not be negative (got {Parallelism})");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid ONNX language model options: " + string.Join("; ", problems) + ".");
        }
    }
}
